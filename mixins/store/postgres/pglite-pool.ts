import { EventEmitter } from 'node:events';
import { parseRows, toPgParam } from './pglite-types';
import type { PgliteWorker } from './pglite-worker';
import { releaseSession, sharedSession, type Session } from './pglite-session';
import { quote } from './postgres.codec';

/**
 * A `pg`-shaped module for TypeORM's PostgresDriver (DataSource option `driver`) over one PGlite
 * instance. PGlite has a single backend session, so a checked-out client owns it exclusively until
 * released: two query runners can never interleave statements inside each other's transactions.
 * Results carry what TypeORM reads from `pg` (`rows`, `rowCount`, `command`), with values parsed as
 * `pg` parses them (see pglite-types), so the SQL layer above is engine-blind.
 */

export interface PgResult {
  rows: Record<string, unknown>[];
  rowCount: number;
  command: string;
  fields: { name: string; dataTypeID: number }[];
}

type QueryCallback = (err: Error | null, result?: PgResult) => void;
type Release = (err?: unknown) => void;
type ConnectCallback = (err: Error | null, client?: PgliteClient, release?: Release) => void;

const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export class PgliteClient extends EventEmitter {
  constructor(private readonly db: PgliteWorker) {
    super();
  }

  query(text: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<PgResult> | undefined {
    const done = typeof params === 'function' ? params : callback;
    const result = this.run(text, Array.isArray(params) ? params : []);
    if (!done) return result;
    result.then(
      (r) => done(null, r),
      (e: unknown) => done(toError(e)),
    );
    return undefined;
  }

  private async run(text: string, params: unknown[]): Promise<PgResult> {
    const res = await this.db.query(text, params.map(toPgParam));
    const rows = parseRows(res.rows, res.fields);
    const rowCount = COUNTED.has(res.command) ? res.affectedRows : rows.length;
    return { rows, rowCount, command: res.command, fields: res.fields };
  }
}

export class PglitePool extends EventEmitter {
  private readonly session: Session;
  private ended = false;

  /**
   * `dataDir` undefined keeps the database in memory; a path persists it on disk. The pool shares
   * its directory's instance with the other stores there, each in its own schema: every checkout
   * points the session's search_path at the pool's schema first.
   */
  constructor(
    dataDir: string | undefined,
    private readonly schema: string,
  ) {
    super();
    this.session = sharedSession(dataDir);
  }

  connect(callback?: ConnectCallback): Promise<PgliteClient> | undefined {
    const checkout = this.checkout();
    if (!callback) return checkout.then(([client]) => client);
    checkout.then(
      ([client, release]) => callback(null, client, release),
      (e: unknown) => callback(toError(e)),
    );
    return undefined;
  }

  end(callback?: (err?: Error) => void): Promise<void> | undefined {
    const closing = this.close();
    if (!callback) return closing;
    closing.then(
      () => callback(),
      (e: unknown) => callback(toError(e)),
    );
    return undefined;
  }

  private async checkout(): Promise<[PgliteClient, Release]> {
    if (this.ended) throw new Error('PGlite pool has ended');
    const open = await this.session.gate.acquire();
    if (this.ended) {
      open();
      throw new Error('PGlite pool has ended');
    }
    let db: PgliteWorker;
    try {
      db = await this.session.db;
      await this.enterSchema(db);
    } catch (err) {
      open();
      throw err;
    }
    const client = new PgliteClient(db);
    let released = false;
    const release: Release = () => {
      if (released) return;
      released = true;
      client.removeAllListeners();
      // A holder that leaves a transaction open must not hand it to the next one.
      if (db.inTransaction) {
        db.query('ROLLBACK', []).then(open, open);
      } else {
        open();
      }
    };
    return [client, release];
  }

  private async enterSchema(db: PgliteWorker): Promise<void> {
    const { schema, session } = this;
    if (session.schema === schema) return;
    if (!session.created.has(schema)) {
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`, []);
      session.created.add(schema);
    }
    await db.query(`SET search_path TO ${quote(schema)}`, []);
    session.schema = schema;
  }

  private async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await releaseSession(this.session);
  }
}

/** The `driver` value for TypeORM: a module whose `Pool` uses the PGlite at `dataDir`, in `schema`. */
export function pgliteDriver(dataDir: string | undefined, schema: string): { Pool: new () => PglitePool } {
  return {
    Pool: class extends PglitePool {
      constructor() {
        super(dataDir, schema);
      }
    },
  };
}
