import { notFound } from '../../mixins/access/access.middleware';
import type { ReturnSnapshot } from '../../sagas/return/return.types';
import type { Return } from './returns.contract';
import { fallbackToRefund, markApproved, markCancelled, markClosed, markRejected, recordLabel } from './returns.decisions';
import type { Ctx, ReturnsActions, ReturnsThis } from './returns.methods';
import { returnsOf, returnView } from './returns.ops';
import { ReturnSettings } from './returns.policy';
import { recordCharge, type RecordCharge } from './returns.charge';
import { fallbackParams, labelParams, receiptParams, recordChargeParams, recordRefundParams, returnIdParams } from './returns.params';
import { receiptPlan, recordRefund, type RecordRefund } from './returns.refund-plan';
import { returnWarehouse } from './returns.warehouses';

const internal = { visibility: 'public' as const, access: 'internal' as const, idempotent: true };
type ReturnId = { returnId: string };

/** Publishes what a committed unit recorded now rather than at the next poll. */
function flushed<T>(svc: ReturnsThis, answer: T): T {
  void svc.flushOutbox().catch(() => undefined);
  return answer;
}

/** The return saga's calls (sagas/return): each idempotent, a retry answers what the first did. */
export const sagaActions: ReturnsActions = {
  /** The return, and the policy's exchange shipping the saga follows (ReturnSnapshot). */
  get: {
    ...internal,
    params: returnIdParams,
    async handler(this: ReturnsThis, ctx: Ctx<ReturnId>): Promise<Return & Omit<ReturnSnapshot, 'lines'>> {
      const store = this.store('returns');
      const [doc, policy] = await Promise.all([returnsOf(store).get(ctx.params.returnId), new ReturnSettings(store).policy()]);
      if (!doc) throw notFound('Return');
      const warehouse = await returnWarehouse(this, doc, policy);
      const charge = doc.exchangeCharge ? { exchangeCharge: doc.exchangeCharge } : {};
      return { ...returnView(doc), exchangeShip: policy.exchangeShip ?? 'on-receipt', ...(warehouse ? { warehouse } : {}), ...charge };
    },
  },
  markApproved: {
    ...internal,
    params: returnIdParams,
    async handler(this: ReturnsThis, ctx: Ctx<ReturnId>) {
      return flushed(this, await markApproved(this.store('returns'), ctx.params.returnId));
    },
  },
  /** The saga's compensation for a rejected (or failed) authorisation: the claimed units are free again. */
  markRejected: {
    ...internal,
    params: { ...returnIdParams, reason: { type: 'string', min: 1, max: 500, optional: true } },
    async handler(this: ReturnsThis, ctx: Ctx<ReturnId & { reason?: string }>) {
      return flushed(this, await markRejected(this.store('returns'), ctx.params.returnId, ctx.params.reason ?? 'rejected'));
    },
  },
  /** The saga's end for anything but a staff rejection (an operator's compensation, a step that failed for good). */
  markCancelled: {
    ...internal,
    params: { ...returnIdParams, reason: { type: 'string', min: 1, max: 500 } },
    async handler(this: ReturnsThis, ctx: Ctx<ReturnId & { reason: string }>) {
      return flushed(this, await markCancelled(this.store('returns'), ctx.params.returnId, ctx.params.reason));
    },
  },
  recordLabel: {
    ...internal,
    params: labelParams,
    async handler(this: ReturnsThis, ctx: Ctx<ReturnId & { label: NonNullable<Return['label']> }>) {
      return recordLabel(this.store('returns'), ctx.params.returnId, ctx.params.label);
    },
  },
  receiptPlan: {
    ...internal,
    params: receiptParams,
    handler(this: ReturnsThis, ctx: Ctx<ReturnId & { receiptId: string }>) {
      return receiptPlan(this, ctx.params.returnId, ctx.params.receiptId);
    },
  },
  recordRefund: {
    ...internal,
    params: recordRefundParams,
    async handler(this: ReturnsThis, ctx: Ctx<RecordRefund>) {
      return flushed(this, await recordRefund(this, ctx.params));
    },
  },
  /** The exchange's difference, charged by the saga (charge-exchange), on the return once. */
  recordCharge: {
    ...internal,
    params: recordChargeParams,
    handler(this: ReturnsThis, ctx: Ctx<RecordCharge>) {
      return recordCharge(this.store('returns'), ctx.params);
    },
  },
  fallbackToRefund: {
    ...internal,
    params: fallbackParams,
    handler(this: ReturnsThis, ctx: Ctx<ReturnId & { why: string }>) {
      return fallbackToRefund(this.store('returns'), ctx.params.returnId, ctx.params.why);
    },
  },
  markClosed: {
    ...internal,
    params: returnIdParams,
    async handler(this: ReturnsThis, ctx: Ctx<ReturnId>) {
      return flushed(this, await markClosed(this, ctx.params.returnId));
    },
  },
};
