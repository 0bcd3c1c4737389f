import { recordEvent } from '../events.catalog';
import type { Collection, Doc, Filter, Store, WriteOp } from '../../mixins/store/store.types';
import type { Return, ReturnEvent } from './returns.contract';

/** A stored return: the contract's Return and how many receipts it has had (the next receipt is `${id}:${receipts + 1}`). */
/**
 * `exchangePrice`: the new items' total when requested (the saga settles the credit against it);
 * `exchangeCharge`: what they cost over the credit then; `charged`: that difference once the saga charged it.
 */
export type ReturnDoc = Return &
  Doc & { receipts: number; fallback?: string; exchangePrice?: number; exchangeCharge?: number; charged?: ExchangeCharged };
export type ExchangeCharged = { amount: number; currency: string; paymentId: string };
export type ClaimDoc = Doc & { orderId: string; sku: string; delivered: number; requested: number };
export type LineDoc = Doc & { returnId: string; sku: string; quantity: number; accounted: number };

export const RETURNS = 'returns';
export const CLAIMS = 'claims';
export const LINES = 'return_lines';
export const claimId = (orderId: string, sku: string) => `${orderId}:${sku}`;
export const lineId = (returnId: string, sku: string) => `${returnId}:${sku}`;

export const returnsOf = (store: Store): Collection<ReturnDoc> => store.collection<ReturnDoc>(RETURNS);

/** A page of returns, newest first, as views. */
export async function pageOf(store: Store, filter: Filter, page: number, pageSize: number) {
  const returns = returnsOf(store);
  const [rows, total] = await Promise.all([
    returns.find({ filter, sort: ['-createdAt', 'id'], limit: pageSize, offset: (page - 1) * pageSize }),
    returns.count({ filter }),
  ]);
  return { rows: rows.map(returnView), total, page, pageSize };
}

/** What customers and staff read: the stored return without its bookkeeping. */
export function returnView(doc: ReturnDoc): Return {
  const { receipts: _r, fallback: _f, exchangePrice: _p, exchangeCharge: _c, charged: _charged, ...ret } = doc;
  return ret;
}

type ReturnEventName = 'return.requested' | 'return.approved' | 'return.rejected' | 'return.received' | 'refund.issued' | 'return.closed';

/** The outbox write for `event` about `ret` as it is after the unit (its version then is the event's `seq`). */
export function returnEventOp(
  event: ReturnEventName,
  ret: Return,
  seq: number,
  now: number,
  extra: Pick<ReturnEvent, 'issued' | 'receiptId' | 'reason'> = {},
): WriteOp {
  const data: ReturnEvent = {
    returnId: ret.id,
    rma: ret.rma,
    orderId: ret.orderId,
    userId: ret.userId,
    status: ret.status,
    resolution: ret.resolution,
    lines: ret.lines.map(({ sku, quantity, received, refunded, restocked, writtenOff, missing }) => ({
      sku,
      quantity,
      received,
      refunded,
      restocked,
      writtenOff,
      missing,
    })),
    refund: ret.refund,
    ...extra,
    at: now,
    seq,
  };
  return recordEvent('returns', event, data, now).op;
}

export const PENDING_SAGAS = 'pending_sagas';
export type PendingSagaDoc = Doc & { at: number };
/** The return's saga is still to be started: one op of the unit that makes the return. */
export const pendingSagaOp = (returnId: string, at: number): WriteOp => ({ op: 'insert', collection: PENDING_SAGAS, doc: { id: returnId, at } });
/** Started (the coordinator has it): nothing left for the sweep (returns.saga-sweep.ts). */
export async function startedSaga(store: Store, returnId: string): Promise<void> {
  await store.collection<PendingSagaDoc>(PENDING_SAGAS).remove(returnId);
}

/** The update of a return row from version `version`, as one op of a unit. */
export const returnUpdateOp = (id: string, version: number, set: Partial<ReturnDoc>, inc?: Record<string, number>): WriteOp => ({
  op: 'update',
  collection: RETURNS,
  id,
  change: { $set: set, ...(inc ? { $inc: inc } : {}) },
  expectVersion: version,
});
