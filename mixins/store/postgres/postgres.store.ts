import type { DataSource } from 'typeorm';
import { StoreUsageError } from '../store.errors';
import { collectionsOf, sortedMigrations } from '../store.schema';
import type { Collection, CollectionDef, Doc, EngineName, Store, StoreSchema, WriteOp } from '../store.types';
import { runAtomic } from './postgres.atomic';
import { PostgresCollection } from './postgres.collection';
import { ensureDatabase, openDataSource, withRunner, type PostgresConnection, type StoreLogger } from './postgres.connection';
import { explainTlsFailure } from './postgres.tls';
import { appliedMigrations, migrateDown, migrateUp } from './postgres.migrations';
import { sqlRunner, type SessionSettings, type SqlRunner } from './postgres.sql';

export type { PostgresConnection, StoreLogger } from './postgres.connection';
export type { SqlRunner, SqlSession } from './postgres.sql';

export interface PostgresStoreOptions {
  name: string;
  schema: StoreSchema;
  connection: PostgresConnection;
  logger?: StoreLogger;
}

class PostgresStore implements Store {
  readonly engine: EngineName;
  readonly name: string;
  private readonly defs: Map<string, CollectionDef>;
  private dataSource: DataSource | null = null;
  private opening: Promise<DataSource> | null = null;

  constructor(private readonly options: PostgresStoreOptions) {
    this.engine = options.connection.kind === 'server' ? 'postgres' : 'pglite';
    this.name = options.name;
    // Validates the whole schema up front: a bad migration list fails at construction, not at first use.
    sortedMigrations(options.schema);
    this.defs = collectionsOf(options.schema);
  }

  /** Opens once (concurrent callers share the attempt; a failed attempt can be retried), then migrates. */
  async connect(): Promise<void> {
    this.opening ??= this.open().catch((err: unknown) => {
      this.opening = null;
      throw err;
    });
    const dataSource = await this.opening;
    const applied = await migrateUp(dataSource);
    if (applied.length) this.options.logger?.info(`store ${this.name}: applied migrations ${applied.join(', ')}`);
  }

  private async open(): Promise<DataSource> {
    const { connection, schema, name, logger } = this.options;
    const dataSource = openDataSource(connection, schema, name, logger);
    try {
      if (connection.kind === 'server') await ensureDatabase(connection.url, connection.database, connection.caFile);
      await dataSource.initialize();
    } catch (err) {
      throw explainTlsFailure(err);
    }
    this.dataSource = dataSource;
    return dataSource;
  }

  async disconnect(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const dataSource = await opening?.catch(() => null);
    if (this.dataSource === dataSource) this.dataSource = null;
    if (dataSource?.isInitialized) await dataSource.destroy();
  }

  async ping(): Promise<void> {
    await withRunner(this.connected(), (queryRunner) => queryRunner.query('SELECT 1'));
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    return new PostgresCollection<T>(this.def(name), () => this.connected());
  }

  async atomic(ops: WriteOp[]): Promise<void> {
    await runAtomic(this.connected(), ops, (name) => this.def(name));
  }

  async migrateDown(steps = 1): Promise<string[]> {
    if (!Number.isSafeInteger(steps) || steps < 0) throw new StoreUsageError('migrateDown needs a non-negative step count');
    return migrateDown(this.connected(), steps);
  }

  async appliedMigrations(): Promise<string[]> {
    return appliedMigrations(this.connected());
  }

  /** Raw SQL on this store's connection (see sqlRunnerOf). */
  sql(settings?: SessionSettings): SqlRunner {
    return sqlRunner(() => this.connected(), settings);
  }

  private def(name: string): CollectionDef {
    const def = this.defs.get(name);
    if (!def) throw new StoreUsageError(`Unknown collection ${name} in store ${this.name}`);
    return def;
  }

  private connected(): DataSource {
    if (!this.dataSource) throw new StoreUsageError(`Store ${this.name} is not connected`);
    return this.dataSource;
  }
}

/** A store on a PostgreSQL server (engine 'postgres') or an embedded PGlite (engine 'pglite'), same SQL on both. */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  return new PostgresStore(options);
}

/** The raw-SQL escape hatch of a PostgreSQL/PGlite store; any other engine is a usage error. */
export function sqlRunnerOf(store: Store, settings?: SessionSettings): SqlRunner {
  if (!(store instanceof PostgresStore)) throw new StoreUsageError(`Store ${store.name} (${store.engine}) has no SQL`);
  return store.sql(settings);
}
