import type { Filter, Store } from './store.types';

/**
 * Rows that exist only so a retry or a redelivery finds what happened the first time, and the
 * filter that picks those older than the cutoff. They are safe to drop once no retry can come:
 * the bus keeps a message at most 7 days and redelivers a failing one within minutes; a client
 * retrying a checkout does so within seconds. Saga steps' processed calls are kept: a parked saga
 * may be resumed at any time, and its steps must still find their first results.
 */
export const RETAINED: Record<string, (cutoff: number) => Filter> = {
  /** Delivered events (pending ones are never dropped). */
  outbox: (cutoff) => ({ status: 'sent', publishedAt: { $lt: cutoff } }),
  /** Consumers' dedupe records. */
  inbox: (cutoff) => ({ receivedAt: { $lt: cutoff } }),
  /** Checkout's Idempotency-Key records: a key is remembered for the retention period. */
  idempotency_keys: (cutoff) => ({ createdAt: { $lt: cutoff } }),
  /** Carts' applied-change records (a retried add, change or removal of a line is applied once). */
  cart_mutations: (cutoff) => ({ appliedAt: { $lt: cutoff } }),
  /** Carrier webhook receipts: a replay later than this still changes nothing (its timeline entry is there, by id). */
  tracking_receipts: (cutoff) => ({ receivedAt: { $lt: cutoff } }),
};

/** Drops what the retention rules allow from the store's collections that have a rule; counts per collection. */
export async function purgeRetained(
  store: Store,
  collections: Iterable<string>,
  cutoff: number,
): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const name of collections) {
    const rule = RETAINED[name];
    if (rule) removed[name] = await store.collection(name).removeMany(rule(cutoff));
  }
  return removed;
}
