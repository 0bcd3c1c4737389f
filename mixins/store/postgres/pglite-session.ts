import { PgliteWorker } from './pglite-worker';

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

/**
 * One PGlite instance and the lock on its single session. Stores share the instance of their
 * directory (one per process and directory, closed with its last pool): a WASM
 * Postgres costs ~2 s and ~450 MiB to start, and embedded mode has ten stores.
 */
export interface Session {
  /** The directory, or `:memory:`: what the registry knows the instance by. */
  key: string;
  /** Opened only once an earlier instance on the same directory has closed: two must never share it. */
  db: Promise<PgliteWorker>;
  gate: Gate;
  /** The schema the session's search_path points at now. */
  schema?: string;
  created: Set<string>;
  pools: number;
}

const shared = new Map<string, Session>();
const closing = new Map<string, Promise<void>>();

export function sharedSession(dataDir?: string): Session {
  const key = dataDir ?? ':memory:';
  let session = shared.get(key);
  if (!session) {
    const db = (closing.get(key) ?? Promise.resolve()).then(() => new PgliteWorker(dataDir));
    shared.set(key, (session = { key, db, gate: new Gate(), created: new Set(), pools: 0 }));
  }
  session.pools++;
  return session;
}

/** A pool is done with its session: the last one closes the instance. */
export async function releaseSession(session: Session): Promise<void> {
  if (--session.pools > 0) return;
  const { key } = session;
  shared.delete(key);
  const closed = (async () => {
    const open = await session.gate.acquire();
    try {
      await (await session.db).close();
    } finally {
      open();
    }
  })();
  // A pool opened on this directory meanwhile waits for this instance to be gone.
  const settled = closed.catch(() => undefined);
  closing.set(key, settled);
  void settled.then(() => closing.get(key) === settled && closing.delete(key));
  await closed;
}
