import type { DataSource } from 'typeorm';
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

export function sqlRunner(dataSource: () => DataSource): SqlRunner {
  return {
    query: (text, params = []) => withRunner(dataSource(), (qr) => run(qr, { text, params: [...params] })),
    transaction: (work) =>
      withRunner(dataSource(), async (qr) => {
        await qr.startTransaction();
        try {
          const result = await work({ query: (text, params = []) => run(qr, { text, params: [...params] }) });
          await qr.commitTransaction();
          return result;
        } catch (err) {
          if (qr.isTransactionActive) await qr.rollbackTransaction();
          throw err;
        }
      }),
  };
}
