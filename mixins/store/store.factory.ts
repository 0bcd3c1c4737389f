import path from 'node:path';
import type { AppConfig } from '../../config/config';
import { effectiveEngine } from '../../config/effective-engine';
import { caText } from '../../config/tls';
import { storeDatabaseName, type StoreName } from '../../config/stores';
import type { KekSet } from '../pii/envelope';
import { kekSet } from '../pii/keks';
import { sealStore } from '../pii/sealed-store';
import type { Store, StoreSchema } from './store.types';
import { createPostgresStore } from './postgres/postgres.store';
import { createMongoStore } from './mongo/mongo.store';
import { createDynamoStore } from './dynamodb/dynamodb.store';

export interface StoreLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Where the one PGlite of an embedded node keeps every store (a schema each). */
export const sharedPgliteDir = (cfg: AppConfig): string => path.join(cfg.dataDir, 'pglite', 'shared');

/** The store `name` on its configured engine; one with personal fields seals them at rest (mixins/pii). */
export function createStore(cfg: AppConfig, name: StoreName, schema: StoreSchema, logger?: StoreLogger): Store {
  const store = createEngineStore(cfg, name, schema, logger);
  return schema.sealed ? sealStore(store, schema.sealed, piiKeks(cfg)) : store;
}

/** KEKs are read (or, embedded, made) once per process, on first use. */
function piiKeks(cfg: AppConfig): () => KekSet {
  let keks: KekSet | undefined;
  return () => (keks ??= kekSet(cfg));
}

function createEngineStore(cfg: AppConfig, name: StoreName, schema: StoreSchema, logger?: StoreLogger): Store {
  const engine = effectiveEngine(cfg, name);
  const database = storeDatabaseName(name, cfg.storePrefix);
  switch (engine) {
    case 'postgres':
      return createPostgresStore({
        name,
        schema,
        logger,
        connection: {
          kind: 'server',
          url: cfg.postgres.url,
          database,
          poolSize: cfg.postgres.poolSize,
          caFile: cfg.tls.postgresCaFile,
        },
      });
    case 'pglite':
      return createPostgresStore({
        name,
        schema,
        logger,
        // One embedded Postgres for every store of the process, a schema each (as a server holds a database each).
        connection: { kind: 'pglite', dataDir: sharedPgliteDir(cfg), schema: name },
      });
    case 'mongo':
      return createMongoStore({ name, schema, logger, url: cfg.mongo.url, database, caFile: cfg.tls.mongoCaFile });
    case 'dynamodb':
      return createDynamoStore({
        name,
        schema,
        logger,
        endpoint: cfg.dynamodb.endpoint,
        region: cfg.dynamodb.region,
        ca: caText(cfg.tls.dynamodbCaFile),
        tablePrefix: cfg.storePrefix,
        credentials: cfg.mode === 'embedded' ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
      });
  }
}
