import { DataSource, type Logger, type QueryRunner } from 'typeorm';
import type { StoreSchema } from '../store.types';
import { quote, type Sql } from './postgres.codec';
import { MIGRATIONS_TABLE, typeormMigrations } from './postgres.migrations';
import { pgliteDriver } from './pglite-pool';
import { postgresTls } from './postgres.tls';
import { caText } from '../../../config/tls';

export type PostgresConnection =
  /** `url` may carry an sslmode; `caFile` is the CA that signed the server's certificate (POSTGRES_CA_FILE). */
  | { kind: 'server'; url: string; database: string; poolSize?: number; caFile?: string }
  /** One embedded instance per directory (undefined: in memory), shared by its stores, a schema each. */
  | { kind: 'pglite'; dataDir?: string; schema: string };

export interface StoreLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface Rows {
  rows: Record<string, unknown>[];
  affected: number;
}

/** `url` pointing at another database on the same server (pg lets the URL win over a `database` option). */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function sqlState(err: unknown): { code?: string; constraint?: string } {
  if (typeof err !== 'object' || err === null) return {};
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
  };
}

/** A short-lived single-connection DataSource, for server-level chores on a maintenance database. */
export async function withServer<T>(
  url: string,
  work: (ds: DataSource) => Promise<T>,
  connectTimeoutMS?: number,
  caFile?: string,
): Promise<T> {
  const ds = new DataSource({
    type: 'postgres',
    ...postgresTls(url, caText(caFile)),
    poolSize: 1,
    connectTimeoutMS,
    entities: [],
    logger: typeormLogger('maintenance'),
  });
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

/** Creates `database` unless it exists; another process creating it at the same moment is fine too. */
export async function ensureDatabase(url: string, database: string, caFile?: string): Promise<void> {
  const work = async (ds: DataSource) => {
    const found: unknown[] = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.length) return;
    try {
      await ds.query(`CREATE DATABASE ${quote(database)}`);
    } catch (err) {
      // 42P04 duplicate_database; 23505 when the concurrent creator wins the race on pg_database's index.
      const { code } = sqlState(err);
      if (code !== '42P04' && code !== '23505') throw err;
    }
  };
  await withServer(databaseUrl(url, 'postgres'), work, undefined, caFile);
}

/** TypeORM's own messages go to the store's logger (or nowhere), never straight to the console. */
function typeormLogger(name: string, logger?: StoreLogger): Logger {
  const ignore = () => undefined;
  return {
    logQuery: ignore,
    logQueryError: ignore,
    logQuerySlow: ignore,
    logSchemaBuild: ignore,
    logMigration: (message: string) => logger?.warn(`store ${name}: ${message}`),
    log: (level: 'log' | 'info' | 'warn', message: unknown) => {
      if (level === 'warn') logger?.warn(`store ${name}: ${String(message)}`);
    },
  };
}

export function openDataSource(
  connection: PostgresConnection,
  schema: StoreSchema,
  name: string,
  logger?: StoreLogger,
): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: [],
    synchronize: false,
    migrationsRun: false,
    migrations: typeormMigrations(schema),
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all' as const,
    logger: typeormLogger(name, logger),
    poolErrorHandler: (err: unknown) => logger?.warn(`store ${name}: idle connection error: ${String(err)}`),
  };
  if (connection.kind === 'pglite')
    return new DataSource({ ...common, driver: pgliteDriver(connection.dataDir, connection.schema) });
  return new DataSource({
    ...common,
    ...postgresTls(databaseUrl(connection.url, connection.database), caText(connection.caFile)),
    poolSize: connection.poolSize ?? 10,
    applicationName: `store:${name}`,
  });
}

/** One statement on its own pooled connection, held only for that statement. */
export async function withRunner<T>(dataSource: DataSource, work: (queryRunner: QueryRunner) => Promise<T>): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    return await work(queryRunner);
  } finally {
    await queryRunner.release();
  }
}

export async function run(queryRunner: QueryRunner, sql: Sql): Promise<Rows> {
  const result = await queryRunner.query(sql.text, sql.params, true);
  const rows: Record<string, unknown>[] = Array.isArray(result.records) ? result.records : [];
  return { rows, affected: result.affected ?? rows.length };
}
