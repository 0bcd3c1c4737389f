import type { DataSource, QueryRunner } from 'typeorm';
import { run, withRunner, type Rows } from './postgres.connection';

/** One statement's text and positional parameters (`$1`, `$2`, ...). */
export type SqlParams = readonly unknown[];

export interface SqlSession {
  query(text: string, params?: SqlParams): Promise<Rows>;
}

/**
 * Raw SQL on a PostgreSQL or PGlite store: the escape hatch for read models that need what the
 * engine-neutral Store contract leaves out (search: tsvector, GIN, pg_trgm). Same SQL on both engines.
 */
export interface SqlRunner extends SqlSession {
  /** `work` on one connection inside BEGIN/COMMIT; a throw rolls back. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
}

/** Session settings (GUC name → value) a runner's connections take once, before their first statement. */
export type SessionSettings = Record<string, string>;

const SETTING = /^[a-z_]+$/;
const VALUE = /^[A-Za-z0-9_]+$/;

/**
 * Pooled server connections this runner has configured (a connection lives across many statements;
 * the settings stay with it, so they suit a store whose pool serves one purpose, as search's does).
 * PGlite is left alone: one backend session serves every store there, and it has neither JIT nor
 * parallel workers, which is what these settings are for.
 */
function configurer(dataSource: () => DataSource, settings: SessionSettings) {
  const entries = Object.entries(settings);
  for (const [k, v] of entries) if (!SETTING.test(k) || !VALUE.test(v)) throw new Error(`Bad session setting ${k}=${v}`);
  const statement = entries.map(([k, v]) => `SET ${k} = '${v}'`).join('; ');
  const done = new WeakSet<object>();
  return async (qr: QueryRunner): Promise<void> => {
    if (!statement || dataSource().options.driver) return;
    const connection = (await qr.connect()) as object;
    if (done.has(connection)) return;
    await qr.query(statement);
    done.add(connection);
  };
}

export function sqlRunner(dataSource: () => DataSource, settings: SessionSettings = {}): SqlRunner {
  const configure = configurer(dataSource, settings);
  const session = (qr: QueryRunner): SqlSession => ({ query: (text, params = []) => run(qr, { text, params: [...params] }) });
  return {
    query: (text, params = []) =>
      withRunner(dataSource(), async (qr) => {
        await configure(qr);
        return run(qr, { text, params: [...params] });
      }),
    transaction: (work) =>
      withRunner(dataSource(), async (qr) => {
        await configure(qr);
        await qr.startTransaction();
        try {
          const result = await work(session(qr));
          await qr.commitTransaction();
          return result;
        } catch (err) {
          if (qr.isTransactionActive) await qr.rollbackTransaction();
          throw err;
        }
      }),
  };
}
