import { Agent } from 'node:https';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreUsageError } from '../store.errors';
import { collectionsOf } from '../store.schema';
import type { Collection, Doc, Store, StoreSchema, WriteOp } from '../store.types';
import { DynamoCollection } from './dynamodb.collection';
import { appliedMigrations, ensureMetaTables, migrateDown, migrateUp } from './dynamodb.migrations';
import type { DynamoContext } from './dynamodb.tables';
import { atomic } from './dynamodb.tx';

export interface DynamoStoreOptions {
  name: string;
  schema: StoreSchema;
  /** DynamoDB Local or another compatible endpoint; AWS's regional endpoint when absent. */
  endpoint?: string;
  region: string;
  /** Prepended to every table name, so several deployments can share an account. */
  tablePrefix: string;
  /** PEM text of the CA behind an https endpoint (DYNAMODB_CA_FILE); absent: Node's trusted roots. */
  ca?: string;
  /** Absent: the AWS SDK's default provider chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  logger?: { info(msg: string): void; warn(msg: string): void };
}

/**
 * A store on DynamoDB: one table per collection (`${tablePrefix}${name}_${collection}`), plus
 * `${tablePrefix}${name}__unique` (unique guards) and `${tablePrefix}${name}__migrations`.
 */
export function createDynamoStore(options: DynamoStoreOptions): Store {
  const defs = collectionsOf(options.schema);
  const base = `${options.tablePrefix}${options.name}`;
  let ctx: DynamoContext | null = null;

  const connected = (): DynamoContext => {
    if (!ctx) throw new StoreUsageError(`Store ${options.name} is not connected`);
    return ctx;
  };

  const open = (): DynamoContext => {
    if (ctx) return ctx;
    const { endpoint, region, credentials, ca } = options;
    // An options object, not a handler: the SDK builds its own handler around this agent.
    const requestHandler = ca ? { httpsAgent: new Agent({ ca, keepAlive: true }) } : undefined;
    const raw = new DynamoDBClient({ endpoint, region, credentials, requestHandler });
    // Numbers come back as JS numbers: ints are safe integers by contract, so nothing is lost.
    const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    ctx = {
      raw,
      doc,
      defs,
      table: (collection) => `${base}_${collection}`,
      uniqueTable: `${base}__unique`,
      migrationsTable: `${base}__migrations`,
      logger: options.logger,
    };
    return ctx;
  };

  return {
    engine: 'dynamodb',
    name: options.name,

    async connect() {
      const context = open();
      await ensureMetaTables(context);
      await migrateUp(context, options.schema);
    },

    async disconnect() {
      ctx?.raw.destroy();
      ctx = null;
    },

    async ping() {
      await connected().raw.send(new ListTablesCommand({ Limit: 1 }));
    },

    collection<T extends Doc = Doc>(name: string): Collection<T> {
      const def = defs.get(name);
      if (!def) throw new StoreUsageError(`Unknown collection ${name} in store ${options.name}`);
      return new DynamoCollection<T>(connected, def);
    },

    async atomic(ops: WriteOp[]) {
      await atomic(connected(), ops);
    },

    async migrateDown(steps = 1) {
      return migrateDown(connected(), options.schema, steps);
    },

    async appliedMigrations() {
      return appliedMigrations(connected());
    },
  };
}
