import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { Pool } from 'pg';
import type { AppConfig } from '../config/config';
import { storeDatabaseName } from '../config/stores';
import { databaseUrl } from '../mixins/store/postgres/postgres.connection';

/**
 * Scenario 3's baseline: one conditional decrement of available stock per call, straight through
 * the engine's driver, on the inventory store's own stock table (so rows, indexes and version
 * column are the ones the service writes).
 */
export interface RawDecrement {
  /** True when the unit was taken, false when the condition refused it. */
  decrement(id: string): Promise<boolean>;
  close(): Promise<void>;
  describe: string;
}

export async function rawDecrement(engine: 'postgres' | 'dynamodb', cfg: AppConfig, stock: number): Promise<RawDecrement> {
  if (engine === 'postgres') {
    // The same pool size the store uses, so both paths get the same number of server connections.
    const pool = new Pool({
      connectionString: databaseUrl(cfg.postgres.url, storeDatabaseName('inventory', cfg.storePrefix)),
      max: cfg.postgres.poolSize,
    });
    const sql =
      'UPDATE "stock" SET "reserved" = "reserved" + 1, "version" = "version" + 1 WHERE "id" = $1 AND "onHand" - "reserved" >= 1';
    return {
      describe: `pg ${sql} (pool ${cfg.postgres.poolSize})`,
      decrement: async (id) => (await pool.query(sql, [id])).rowCount === 1,
      close: () => pool.end(),
    };
  }
  const client = new DynamoDBClient({
    endpoint: cfg.dynamodb.endpoint,
    region: cfg.dynamodb.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // Condition expressions cannot subtract two attributes; with onHand fixed, `reserved < onHand` is the same guard.
  const update = 'SET reserved = reserved + :one, version = version + :one';
  const condition = 'reserved < :onHand';
  return {
    describe: `DynamoDB UpdateItem ${update} IF ${condition}`,
    async decrement(id) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: `${cfg.storePrefix}inventory_stock`,
            Key: { id: { S: id } },
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeValues: { ':one': { N: '1' }, ':onHand': { N: String(stock) } },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },
    close: async () => client.destroy(),
  };
}
