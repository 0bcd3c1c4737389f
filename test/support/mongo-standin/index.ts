import { ObjectId } from 'bson';
import type { Context } from './context';
import { WireServer } from './server';
import { Storage } from './storage';
import { Transactions } from './transactions';

export interface MongoStandInOptions {
  port?: number;
  /** How often the TTL monitor runs; mongod uses 60 s, tests want it quick. */
  ttlSweepMs?: number;
}

/**
 * Starts an in-memory MongoDB look-alike speaking the wire protocol, for tests on machines without
 * a MongoDB server. Test-only: nothing at runtime may import it.
 */
export async function startMongoStandIn(options: MongoStandInOptions = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const host = '127.0.0.1';
  const storage = new Storage();
  const transactions = new Transactions(storage);
  let ctx: Context | null = null;
  const server = new WireServer(() => {
    if (!ctx) throw new Error('The stand-in is not listening yet');
    return ctx;
  });
  const port = await server.listen(options.port ?? 0, host);
  ctx = { storage, transactions, address: `${host}:${port}`, processId: new ObjectId(), electionId: new ObjectId() };

  // The TTL monitor skips a round while a transaction is open, as it must not touch its undo journal.
  const sweeper = setInterval(() => {
    if (!transactions.busy) storage.sweepExpired(Date.now());
  }, options.ttlSweepMs ?? 1000);
  sweeper.unref();

  return {
    url: `mongodb://${host}:${port}/?replicaSet=rs0`,
    async stop() {
      clearInterval(sweeper);
      transactions.close();
      await server.close();
    },
  };
}
