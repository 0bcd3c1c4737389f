import { randomBytes } from 'node:crypto';
import { databaseUrl, withServer } from '../../mixins/store/postgres/postgres.connection';
import { createPostgresStore } from '../../mixins/store/postgres/postgres.store';
import { quote } from '../../mixins/store/postgres/postgres.codec';
import type { Store, StoreSchema } from '../../mixins/store/store.types';
import type { EngineHarness } from './engine-harness';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ANSWER_WITHIN_MS = 3000;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Disconnects every store a harness handed out (a failed test may have left one open). */
async function disconnectAll(stores: Store[]): Promise<void> {
  await Promise.all(stores.splice(0).map((s) => s.disconnect().catch(() => undefined)));
}

/** PostgreSQL at POSTGRES_URL: every store gets its own fresh database, dropped at teardown. */
export function postgresServerHarness(): EngineHarness {
  const url = process.env.POSTGRES_URL ?? DEFAULT_URL;
  const maintenance = databaseUrl(url, 'postgres');
  const databases: string[] = [];
  const stores: Store[] = [];

  return {
    engine: 'postgres',
    label: 'postgres (server)',

    async setup() {
      try {
        await within(
          ANSWER_WITHIN_MS,
          withServer(maintenance, (ds) => ds.query('SELECT 1'), ANSWER_WITHIN_MS),
        );
        return null;
      } catch (err) {
        return `PostgreSQL at ${url} does not answer: ${reason(err)}`;
      }
    },

    async createStore(name: string, schema: StoreSchema): Promise<Store> {
      const database = `t_${randomBytes(6).toString('hex')}`;
      databases.push(database);
      const store = createPostgresStore({ name, schema, connection: { kind: 'server', url, database } });
      stores.push(store);
      await store.connect();
      return store;
    },

    async teardown() {
      await disconnectAll(stores);
      if (databases.length === 0) return;
      await withServer(maintenance, async (ds) => {
        for (const database of databases.splice(0)) await ds.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
      });
    },
  };
}

/** PGlite in memory, as embedded mode runs it: one instance for every store, a schema each. */
export function pgliteHarness(): EngineHarness {
  const stores: Store[] = [];
  const run = randomBytes(3).toString('hex');

  return {
    engine: 'pglite',
    label: 'pglite',

    async setup() {
      return null;
    },

    async createStore(name: string, schema: StoreSchema): Promise<Store> {
      const store = createPostgresStore({
        name,
        schema,
        connection: { kind: 'pglite', schema: `${name}_${run}_${stores.length}` },
      });
      stores.push(store);
      await store.connect();
      return store;
    },

    async teardown() {
      await disconnectAll(stores);
    },
  };
}
