import { DeleteTableCommand, DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { findDynamoLocal, startDynamoLocal, type DynamoLocal } from '../../mixins/store/dynamodb/dynamodb-local';
import { createDynamoStore } from '../../mixins/store/dynamodb/dynamodb.store';
import type { Store, StoreSchema } from '../../mixins/store/store.types';
import type { EngineHarness } from './engine-harness';

/**
 * DynamoDB Local, in memory, started once per suite; or the endpoint in DYNAMODB_ENDPOINT, where
 * the tables this run created are deleted at teardown.
 */
export function dynamoHarness(): EngineHarness {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  // DynamoDB Local accepts any key; fixed ones keep every store in one of its databases.
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const runPrefix = `ct${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_`;
  let endpoint: string | undefined;
  let local: DynamoLocal | null = null;
  let stores = 0;

  return {
    engine: 'dynamodb',
    label: 'dynamodb (DynamoDB Local)',

    async setup() {
      if (endpoint) return null;
      if (process.env.DYNAMODB_ENDPOINT) {
        endpoint = process.env.DYNAMODB_ENDPOINT;
        return null;
      }
      if (!findDynamoLocal()) return 'Java or the DynamoDB Local jar (npm package amplify-dynamodb-simulator) is not available';
      try {
        local = await startDynamoLocal({});
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
      endpoint = local.endpoint;
      return null;
    },

    async createStore(name: string, schema: StoreSchema): Promise<Store> {
      const tablePrefix = `${runPrefix}${stores++}_`;
      const store = createDynamoStore({ name, schema, endpoint, region, tablePrefix, credentials });
      await store.connect();
      return store;
    },

    async teardown() {
      if (local) {
        await local.stop();
        local = null;
      } else if (endpoint && stores > 0) {
        await dropRunTables(endpoint, region, credentials, runPrefix);
      }
      endpoint = undefined;
    },
  };
}

async function dropRunTables(
  endpoint: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  prefix: string,
): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials });
  try {
    for await (const page of paginateListTables({ client }, {})) {
      for (const table of page.TableNames ?? []) {
        if (table.startsWith(prefix)) await client.send(new DeleteTableCommand({ TableName: table }));
      }
    }
  } finally {
    client.destroy();
  }
}
