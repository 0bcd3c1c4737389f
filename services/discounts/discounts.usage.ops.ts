import { Errors } from 'moleculer';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Doc, Filter, WriteOp } from '../../mixins/store/store.types';
import type { ReleaseUsageRequest, ReserveUsageRequest, UsageRow, UsageStatus } from './discounts.contract';
import { normaliseCode, type Promotion } from './domain/promotion.types';

/**
 * The writes of one usage change. Every limit is one conditional `$inc` on its counter; the usage
 * row's own status condition makes each change happen once. Built here, applied by one
 * `store.atomic` in discounts.usage.ts, so either every limit took the use or none did.
 */

export type UsageDoc = Omit<UsageRow, 'amount'> & {
  id: string;
  amount: number;
  currency: string;
  /** The code is one of the promotion's single-use batch codes (its `uses` counter was taken). */
  batchCode?: boolean;
  version?: number;
};
/** The total counter also carries `limits` (limitsKey): the limits the promotion holds now. */
export type CounterDoc = Doc & { promotionId: string; taken: number; limits?: string };
export type CodeDoc = Doc & { promotionId: string; uses: number; createdAt: number };
/** Collections type their documents with an index signature; the domain's Promotion is a plain interface. */
export type PromotionDoc = Promotion & Doc;

export type LimitName = 'total' | 'perCustomer' | 'code';

export const usageId = (promotionId: string, orderId: string) => `${promotionId}:${orderId}`;
export const totalCounterId = (promotionId: string) => `total:${promotionId}`;
export const customerCounterId = (promotionId: string, userId: string) => `customer:${promotionId}:${userId}`;
/**
 * The limits a take was built from, kept on the total counter and changed there by every PATCH of
 * them: a take conditioned on it fails when the limits moved after it read the promotion, so a
 * lowered limit holds against reservations already in flight.
 */
export const limitsKey = (p: Pick<Promotion, 'limits'>) => `${p.limits?.total ?? '-'}/${p.limits?.perCustomer ?? '-'}`;

/** Which limit each op of a take guards, by op index, so a failed condition names the limit. */
export interface Take {
  ops: WriteOp[];
  limits: Map<number, LimitName>;
  /** The promotion as the take read it: a failed limit is told from limits changed since. */
  promotion?: Promotion;
}

const when = (filter: Filter): { where: Filter } => ({ where: filter });

/**
 * Takes one use of `promotion` for the usage row already in `ops[0]` (insert, or status change):
 * the total counter below the total limit, the customer's counter below the per-customer limit,
 * and a batch code's single use.
 */
export function takeUse(promotion: Promotion, userId: string, batchCode: string | undefined, first: WriteOp): Take {
  const ops: WriteOp[] = [first];
  const limits = new Map<number, LimitName>();
  const { total, perCustomer } = promotion.limits ?? {};
  limits.set(ops.length, 'total');
  ops.push({
    op: 'update',
    collection: 'usage_counters',
    id: totalCounterId(promotion.id),
    change: { $inc: { taken: 1 } },
    ...when({ limits: limitsKey(promotion), ...(total !== undefined ? { taken: { $lt: total } } : {}) }),
  });
  limits.set(ops.length, 'perCustomer');
  ops.push({
    op: 'update',
    collection: 'usage_counters',
    id: customerCounterId(promotion.id, userId),
    change: { $inc: { taken: 1 } },
    ...(perCustomer !== undefined ? when({ taken: { $lt: perCustomer } }) : {}),
  });
  if (batchCode) {
    limits.set(ops.length, 'code');
    ops.push({
      op: 'update',
      collection: 'promotion_codes',
      id: batchCode,
      change: { $inc: { uses: 1 } },
      ...when({ uses: { $lt: 1 } }),
    });
  }
  return { ops, limits };
}

/**
 * A PATCH's new limits on the total counter, in the PATCH's unit and never below the uses taken: a
 * reservation in flight built on the old limits then fails its condition and reads them again.
 */
export function moveLimits(promotionId: string, fields: Pick<Promotion, 'limits'>): WriteOp {
  const total = fields.limits?.total;
  const change = { $set: { limits: limitsKey(fields) } };
  return {
    op: 'update',
    collection: 'usage_counters',
    id: totalCounterId(promotionId),
    change,
    ...(total ? when({ taken: { $lte: total } }) : {}),
  };
}

/** Gives a use back: the counters the take raised, lowered again. */
export function giveBack(row: UsageDoc): WriteOp[] {
  const dec = { $inc: { taken: -1 } };
  const ops: WriteOp[] = [
    { op: 'update', collection: 'usage_counters', id: totalCounterId(row.promotionId), change: dec },
    { op: 'update', collection: 'usage_counters', id: customerCounterId(row.promotionId, row.userId), change: dec },
  ];
  if (row.batchCode && row.code)
    ops.push({ op: 'update', collection: 'promotion_codes', id: row.code, change: { $inc: { uses: -1 } } });
  return ops;
}

/** The usage row moves from `from` to `to`, only if it is still `from`: the once-only guard of every change. */
export function moveRow(row: UsageDoc, from: UsageStatus, set: Partial<UsageDoc>, unset: string[] = []): WriteOp {
  return {
    op: 'update',
    collection: 'promotion_usage',
    id: row.id,
    change: { $set: set, ...(unset.length ? { $unset: unset } : {}) },
    where: { status: from },
  };
}

/** The usage row of a reservation: a new row, or a released one taken again (only while it is still released). */
export function reserveRow(
  req: ReserveUsageRequest,
  p: ReserveUsageRequest['promotions'][number],
  batchCode: string | undefined,
  prior: UsageDoc | undefined,
  now: number,
): WriteOp {
  const doc: UsageDoc = {
    id: usageId(p.promotionId, req.orderId),
    promotionId: p.promotionId,
    orderId: req.orderId,
    userId: req.userId,
    ...(p.code ? { code: normaliseCode(p.code) } : {}),
    ...(batchCode ? { batchCode: true } : {}),
    status: 'reserved',
    amount: p.amount,
    currency: req.currency,
    reservedAt: now,
    expiresAt: req.expiresAt,
  };
  const { id: _id, ...fields } = doc;
  if (prior) return moveRow(prior, 'released', fields, ['usedAt', 'releasedAt', 'releaseReason']);
  return { op: 'insert', collection: 'promotion_usage', doc };
}

/**
 * Whether releasing for `reason` gives back a use in `status`. A failed checkout gives back a used
 * use too: the commit may have landed with its answer lost, and an order that never completed used
 * nothing. Only a completed order's cancel or return keeps to the promotion's `releaseOnCancel`.
 */
export function releases(status: UsageStatus, reason: ReleaseUsageRequest['reason'], promotion: Promotion | null): boolean {
  if (status === 'reserved') return true;
  if (status !== 'used') return false;
  if (reason === 'checkout-failed') return true;
  return (reason === 'cancelled' || reason === 'returned') && (promotion?.releaseOnCancel ?? false);
}

export const tooBusy = () => new Errors.MoleculerClientError('Too many concurrent changes; try again', 409, 'CONFLICT');
/** For idempotent inserts: the row being there already is the outcome wanted. */
export const ignoreTaken = (err: unknown) => {
  if (!(err instanceof UniqueConflictError)) throw err;
};

export const limitReached = (promotionId: string, limit: LimitName) =>
  new Errors.MoleculerClientError(`Promotion ${promotionId} has reached its ${limit} limit`, 409, 'PROMOTION_LIMIT_REACHED', {
    promotionId,
    limit,
  });

export const toUsageRow = ({ id: _id, version: _v, batchCode: _b, amount, currency, ...rest }: UsageDoc): UsageRow => ({
  ...rest,
  amount: { amount, currency },
});
