import { keyedAttempt, type KeyedAttempt } from '../orders/orders.idempotency';
import type { Doc, Store, WriteOp } from '../../mixins/store/store.types';
import type { ReturnRequest } from './returns.contract';
import { invalid } from './returns.errors';
import { returnsOf, type ReturnDoc } from './returns.ops';

export const REQUEST_KEYS = 'request_keys';
const ROUTE = 'POST /api/orders/:id/returns';
type KeyDoc = Doc & { userId: string; returnId: string; fingerprint: string; createdAt: number };

/**
 * `POST /api/orders/:id/returns` with an Idempotency-Key, as `POST /api/orders` takes one
 * (orders.idempotency.ts): one row per (customer, key), inserted in the unit that makes the return,
 * so of any number of retries, racing or not, one makes it and the others answer it. The key sent
 * with another order or body is a client bug: 422 naming `Idempotency-Key`.
 */
export const keyedRequest = (userId: string, key: string, orderId: string, request: ReturnRequest): KeyedAttempt =>
  keyedAttempt(ROUTE, userId, key, { orderId, ...request });

/** The return this key made, when it made one. */
export async function keyedReturn(store: Store, attempt: KeyedAttempt): Promise<ReturnDoc | null> {
  const row = await store.collection<KeyDoc>(REQUEST_KEYS).get(attempt.recordId);
  if (!row) return null;
  if (row.fingerprint !== attempt.fingerprint)
    throw invalid('return request', [
      { field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED', message: 'Already used with a different request; use a new key for a new request' },
    ]);
  return returnsOf(store).get(row.returnId);
}

/** The key's row, one op of the return's unit (a twin's insert of the same id fails the twin's unit). */
export const keyRowOp = (attempt: KeyedAttempt, userId: string, returnId: string, now: number): WriteOp => ({
  op: 'insert',
  collection: REQUEST_KEYS,
  doc: { id: attempt.recordId, userId, returnId, fingerprint: attempt.fingerprint, createdAt: now },
});
