import { randomUUID } from 'node:crypto';
import { notFound } from '../../mixins/access/access.middleware';
import type { Principal } from '../../mixins/access/access.types';
import { ConditionFailedError, UniqueConflictError } from '../../mixins/store/store.errors';
import type { Store, WriteOp } from '../../mixins/store/store.types';
import type { Order, OrderView } from '../orders/orders.contract';
import { validateReturnRequest } from './domain/return-rules';
import type { Return, ReturnRequest, Resolution, ReturnStatus } from './returns.contract';
import { invalid, tooBusy } from './returns.errors';
import { AS_PLATFORM, type ReturnsThis } from './returns.methods';
import { CLAIMS, claimId, LINES, lineId, pendingSagaOp, RETURNS, returnEventOp, startedSaga, type ClaimDoc, type ReturnDoc } from './returns.ops';
import { ReturnSettings } from './returns.policy';
import { approves, deliveredAtOf, deliveredPerSku, estimateRefund, exchangeProblems } from './returns.request-checks';
import { earlierRefunds } from './returns.refunds';
import { keyedRequest, keyedReturn, keyRowOp } from './returns.request-keys';

const ATTEMPTS = 5;
export type RequestAnswer = { id: string; rma: string; status: ReturnStatus };
/** What the return saga starts with (sagas/return). */
export type ReturnSagaData = {
  returnId: string;
  orderId: string;
  userId: string;
  approved: boolean;
  resolution: Resolution;
  exchangeFor?: ReturnRequest['exchangeFor'];
};

/**
 * A customer's return request: checked by the pure rules against the order (fulfilment per SKU,
 * delivery date from its history) and the claims so far, then taken in ONE atomic unit: per line a
 * conditional $inc of its claim (`requested + q ≤ delivered`), the return, its lines and its events.
 * Two requests racing for the same units cannot both pass: the loser's condition fails, it reads
 * the claims again and is refused naming the line, like any request asking too much. With an
 * Idempotency-Key (returns.request-keys.ts) the key's row is in the unit too, and each try first
 * looks for the return the key made: a retry, or a twin that lost the race, answers that one.
 */
export async function requestReturn(svc: ReturnsThis, user: Principal, orderId: string, request: ReturnRequest, key?: string): Promise<RequestAnswer> {
  const store = svc.store('returns');
  const attempt = key ? keyedRequest(user.id, key, orderId, request) : undefined;
  const made = async () => {
    const earlier = attempt && (await keyedReturn(store, attempt));
    return earlier ? answerAgain(svc, earlier) : undefined;
  };
  const first = await made();
  if (first) return first;
  const [order, view] = await Promise.all([
    svc.broker.call<Order, { orderId: string }>('orders.get', { orderId }, AS_PLATFORM).catch(absentAs404),
    svc.broker.call<OrderView, { id: string }>('orders.view', { id: orderId }, { meta: { user } }).catch(absentAs404),
  ]);
  if (order.userId !== user.id) throw notFound('Order');
  const policy = await new ReturnSettings(store).policy();
  const delivered = deliveredPerSku(order);
  const deliveredAt = deliveredAtOf(view, policy.allowShipped);
  const estimate = estimateRefund(order, request, policy, await earlierRefunds(store, orderId));
  const approved = approves(policy, request, deliveredAt ?? order.updatedAt, estimate, order.totals.currency);
  const exchange = await exchangeProblems(svc, request, order.totals.currency, estimate);
  await ensureClaims(store, orderId, delivered);
  for (let n = 1; n <= ATTEMPTS; n++) {
    const twin = await made();
    if (twin) return twin;
    const claims = new Map((await store.collection<ClaimDoc>(CLAIMS).getMany(Object.keys(delivered).map((s) => claimId(orderId, s)))).map((c) => [c.sku, c]));
    const returnedOrPending = Object.fromEntries([...claims.values()].map((c) => [c.sku, c.requested]));
    const check = { order, request, delivered, returnedOrPending, deliveredAt, now: Date.now(), ...policy };
    const errors = [...validateReturnRequest(check), ...exchange.errors];
    if (errors.length > 0) throw invalid('return request', errors);
    const rma = await nextRma(store);
    const { ops, doc } = requestUnit(order, request, { rma, approved, exchangePrice: exchange.total, exchangeCharge: exchange.charge }, claims, Date.now());
    if (attempt) ops.unshift(keyRowOp(attempt, user.id, doc.id, doc.createdAt));
    try {
      await store.atomic(ops);
    } catch (err) {
      // A claim moved since it was read (another request took units, or a delivery raised it), or a
      // twin with the same key made its return: read again.
      if (err instanceof ConditionFailedError || (attempt && err instanceof UniqueConflictError)) continue;
      throw err;
    }
    void svc.flushOutbox().catch(() => undefined);
    await startSaga(svc, doc, approved);
    return { id: doc.id, rma: doc.rma, status: doc.status };
  }
  throw tooBusy();
}

/** The return a key made, answered again (201 as at first); its saga started again in case the first start failed (idempotent by id). */
async function answerAgain(svc: ReturnsThis, doc: ReturnDoc): Promise<RequestAnswer> {
  if (doc.status === 'requested' || doc.status === 'approved') await startSaga(svc, doc, doc.status === 'approved');
  return { id: doc.id, rma: doc.rma, status: doc.status };
}

const absentAs404 = (err: { code?: number }): never => {
  throw err.code === 404 ? notFound('Order') : err;
};
/** Each claim row exists with the delivered count before the unit; a later delivery raises it (never lowers it). */
async function ensureClaims(store: Store, orderId: string, delivered: Record<string, number>): Promise<void> {
  const claims = store.collection<ClaimDoc>(CLAIMS);
  await Promise.all(
    Object.entries(delivered).map(async ([sku, n]) => {
      const id = claimId(orderId, sku);
      try {
        await claims.insert({ id, orderId, sku, delivered: n, requested: 0 });
      } catch (err) {
        if (!(err instanceof UniqueConflictError)) throw err;
        await claims.update(id, { $set: { delivered: n } }, { where: { delivered: { $lt: n } } });
      }
    }),
  );
}

/** `RMA-000042`: the next number of the store's counter (atomic $inc; a refused request leaves a gap). */
async function nextRma(store: Store): Promise<string> {
  const counters = store.collection<{ id: string; n: number }>('counters');
  const bumped = await counters.update('rma', { $inc: { n: 1 } });
  if (bumped) return `RMA-${String(bumped.n).padStart(6, '0')}`;
  await counters.insert({ id: 'rma', n: 0 }).catch((err) => {
    if (!(err instanceof UniqueConflictError)) throw err;
  });
  return nextRma(store);
}

type Made = { rma: string; approved: boolean; exchangePrice?: number; exchangeCharge?: number };
function requestUnit(order: Order, request: ReturnRequest, { rma, approved, exchangePrice, exchangeCharge }: Made, claims: Map<string, ClaimDoc>, now: number) {
  const id = randomUUID();
  const doc: ReturnDoc = {
    id,
    rma,
    orderId: order.id,
    userId: order.userId,
    status: approved ? 'approved' : 'requested',
    resolution: request.resolution,
    lines: request.lines.map((l) => ({ ...l, received: 0, restocked: 0, writtenOff: 0, missing: 0, refunded: 0 })),
    ...(request.exchangeFor?.length ? { exchangeFor: request.exchangeFor, exchangePrice, exchangeCharge } : {}),
    refund: { amount: 0, currency: order.totals.currency },
    receipts: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const ops: WriteOp[] = request.lines.map(({ sku, quantity }) => {
    const { delivered } = claims.get(sku)!;
    // The limit itself: applied only while requested + quantity ≤ delivered (as read, so a raise re-reads).
    const where = { delivered, requested: { $lte: delivered - quantity } };
    return { op: 'update', collection: CLAIMS, id: claimId(order.id, sku), change: { $inc: { requested: quantity } }, where };
  });
  const { version: _v, ...row } = doc;
  ops.push({ op: 'insert', collection: RETURNS, doc: row }, pendingSagaOp(id, now));
  for (const l of request.lines)
    ops.push({ op: 'insert', collection: LINES, doc: { id: lineId(id, l.sku), returnId: id, sku: l.sku, quantity: l.quantity, accounted: 0 } });
  // Auto-approved: both events carry the state the unit leaves (approved, seq 1).
  ops.push(returnEventOp('return.requested', doc, 1, now));
  if (approved) ops.push(returnEventOp('return.approved', doc, 1, now));
  return { ops, doc };
}

/**
 * The return saga, started as the return stands (idempotent by id). The return is stored either
 * way: a start that failed is logged and its pending row stays, so the next staff decision or
 * receipt (returns.admin.actions.ts: the coordinator answers their signal 404), or the periodic
 * sweep (returns.saga-sweep.ts), starts it.
 */
export async function startSaga(svc: ReturnsThis, ret: Return, approved: boolean): Promise<boolean> {
  const data: ReturnSagaData = {
    returnId: ret.id,
    orderId: ret.orderId,
    userId: ret.userId,
    approved,
    resolution: ret.resolution,
    ...(ret.exchangeFor ? { exchangeFor: ret.exchangeFor } : {}),
  };
  try {
    await svc.broker.call('sagas.start', { type: 'return', id: ret.id, data }, AS_PLATFORM);
  } catch (err) {
    svc.logger.warn(`Return ${ret.id}: the return saga did not start (${(err as Error).message}); the sweep starts it`);
    return false;
  }
  await startedSaga(svc.store('returns'), ret.id);
  return true;
}
