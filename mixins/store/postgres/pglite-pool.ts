import { EventEmitter } from 'node:events';
import { parseRows, toPgParam } from './pglite-types';
import { PgliteWorker } from './pglite-worker';

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

/** FIFO lock; `acquire` resolves with the function that hands the lock to the next waiter. */
class Gate {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let open!: () => void;
    const mine = new Promise<void>((resolve) => (open = resolve));
    const before = this.tail;
    this.tail = before.then(() => mine);
    return before.then(() => open);
  }
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
  private readonly db: PgliteWorker;
  private readonly gate = new Gate();
  private ended = false;

  /** `dataDir` undefined keeps the database in memory; a path persists it on disk. */
  constructor(dataDir?: string) {
    super();
    this.db = new PgliteWorker(dataDir);
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
    const open = await this.gate.acquire();
    if (this.ended) {
      open();
      throw new Error('PGlite pool has ended');
    }
    const client = new PgliteClient(this.db);
    let released = false;
    const release: Release = () => {
      if (released) return;
      released = true;
      client.removeAllListeners();
      // A holder that leaves a transaction open must not hand it to the next one.
      if (this.db.inTransaction) {
        this.db.query('ROLLBACK', []).then(open, open);
      } else {
        open();
      }
    };
    return [client, release];
  }

  private async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const open = await this.gate.acquire();
    try {
      await this.db.close();
    } finally {
      open();
    }
  }
}

/** The `driver` value for TypeORM: a module whose `Pool` opens one PGlite at `dataDir`. */
export function pgliteDriver(dataDir?: string): { Pool: new () => PglitePool } {
  return {
    Pool: class extends PglitePool {
      constructor() {
        super(dataDir);
      }
    },
  };
}
