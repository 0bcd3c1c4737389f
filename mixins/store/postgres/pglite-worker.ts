import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * One PGlite instance in its own worker thread. PGlite runs Postgres synchronously in WASM, so on the
 * main thread every query would stall the service's event loop; its Emscripten loader also needs
 * dynamic `import()`, which sandboxed module loaders (Jest's vm) refuse. In a worker it gets a plain
 * Node context. Values cross as Postgres text (every PGlite parser and serializer is the identity), so
 * the host decides how they become JS values, exactly as `pg` does with a server's text protocol.
 */

export interface RawResult {
  rows: Record<string, string | null>[];
  fields: { name: string; dataTypeID: number }[];
  command: string;
  affectedRows: number;
}

type Reply =
  | { id: number; ok: true; result: RawResult; inTransaction: boolean }
  | { id: number; ok: false; error: Record<string, unknown>; inTransaction: boolean };

interface Pending {
  resolve: (result: RawResult) => void;
  reject: (err: Error) => void;
}

// Plain JavaScript: it runs as-is in the worker, never through the TypeScript build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite, types } = require(workerData.module);
// pg_trgm and unaccent load only when a store runs CREATE EXTENSION (the search index does).
const extensions = { pg_trgm: require(workerData.trgm).pg_trgm, unaccent: require(workerData.unaccent).unaccent };
const raw = (value) => value;
const identities = (table) => Object.fromEntries(Object.keys(table).map((key) => [key, raw]));
const db = new PGlite({ dataDir: workerData.dataDir, parsers: identities(types.parsers), serializers: identities(types.serializers), extensions });
const inTransaction = () => db.ready && !db.closed && db.isInTransaction();
const ERROR_FIELDS = ['message', 'code', 'severity', 'detail', 'hint', 'position', 'schema', 'table', 'column', 'dataType', 'constraint', 'where', 'routine'];
parentPort.on('message', async ({ id, kind, text, params }) => {
  try {
    if (kind === 'close') {
      await db.close();
      parentPort.postMessage({ id, ok: true, result: null, inTransaction: false });
      parentPort.close();
      return;
    }
    const res = await db.query(text, params);
    const result = { rows: res.rows, fields: res.fields, command: res.command || '', affectedRows: res.affectedRows || 0 };
    parentPort.postMessage({ id, ok: true, result, inTransaction: inTransaction() });
  } catch (err) {
    const error = {};
    for (const key of ERROR_FIELDS) if (err && err[key] !== undefined) error[key] = err[key];
    if (!error.message) error.message = String(err);
    parentPort.postMessage({ id, ok: false, error, inTransaction: inTransaction() });
  }
});
`;

function toError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message)), fields);
}

export class PgliteWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;
  /** Whether the session was inside a transaction after the last statement. */
  inTransaction = false;

  /** `dataDir` undefined keeps the database in memory; a path persists it on disk. */
  constructor(dataDir?: string) {
    // PGlite creates its own directory but not the parents (data/pglite/ on a first start).
    if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module: require.resolve('@electric-sql/pglite'),
        trgm: require.resolve('@electric-sql/pglite/contrib/pg_trgm'),
        unaccent: require.resolve('@electric-sql/pglite/contrib/unaccent'),
        dataDir,
      },
    });
    // Idle, the worker must not keep the process alive; with a request in flight, it must.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => this.fail(new Error('PGlite worker exited')));
  }

  query(text: string, params: (string | null)[]): Promise<RawResult> {
    return this.send({ kind: 'query', text, params });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.send({ kind: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private send(message: { kind: 'query' | 'close'; text?: string; params?: (string | null)[] }): Promise<RawResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<RawResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    this.inTransaction = reply.inTransaction;
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(toError(reply.error));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const { reject } of this.pending.values()) reject(err);
    this.pending.clear();
  }
}
