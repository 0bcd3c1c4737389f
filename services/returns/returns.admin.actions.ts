import type { DecisionSignal, ReceiptSignal } from '../../sagas/return/return.types';
import type { ReturnReceipt, ReturnStatus } from './returns.contract';
import { markApproved, markRejected } from './returns.decisions';
import { ADMIN, AS_PLATFORM, STAFF, type Ctx, type ReturnsActions, type ReturnsThis } from './returns.methods';
import { pageOf } from './returns.ops';
import { idParams, listParams, receiveParams, rejectParams } from './returns.params';
import { receive } from './returns.receipts';
import { RETURNS_RESPONSES as R } from './returns.responses';
import { settingsActions } from './returns.settings.actions';

type ListQuery = { status?: ReturnStatus; orderId?: string; page: number; pageSize: number };
type Id = { id: string };

/**
 * Tells the return saga (sagas/return) what staff decided or what arrived, after the return
 * recorded it. A saga that no longer waits or was never started is logged, not an error: the
 * return's state is already right, and the saga's mailbox keeps one signal per key anyway.
 */
async function signal(svc: ReturnsThis, sagaId: string, name: 'decision' | 'receipt', key: string, data: DecisionSignal | ReceiptSignal) {
  await svc.broker.call('sagas.signal', { sagaId, signal: name, key, data }, AS_PLATFORM).catch((err: Error & { code?: number }) => {
    if (err.code !== 404 && err.code !== 409) throw err;
    svc.logger.warn(`Return ${sagaId}: the ${name} signal was not taken (${err.message})`);
  });
}

/** Staff routes under `/api/admin/returns`. */
export const adminActions: ReturnsActions = {
  listReturns: {
    rest: 'GET /admin/returns',
    response: R.list,
    access: STAFF,
    idempotent: true,
    params: listParams,
    handler(this: ReturnsThis, ctx: Ctx<ListQuery>) {
      const { status, orderId, page, pageSize } = ctx.params;
      const filter = { ...(status ? { status } : {}), ...(orderId ? { orderId } : {}) };
      return pageOf(this.store('returns'), filter, page, pageSize);
    },
  },
  /** 200 also when auto-approval (or an earlier call) already approved it; the saga hears it once per key. */
  approveReturn: {
    rest: 'POST /admin/returns/:id/approve',
    response: R.decide,
    access: ADMIN,
    idempotent: true,
    params: idParams,
    async handler(this: ReturnsThis, ctx: Ctx<Id>) {
      const ret = await markApproved(this.store('returns'), ctx.params.id);
      void this.flushOutbox().catch(() => undefined);
      await signal(this, ret.id, 'decision', 'approve', { decision: 'approved' });
      return ret;
    },
  },
  /** Only a return still waiting for a decision; its claimed units are free again in the same unit. */
  rejectReturn: {
    rest: 'POST /admin/returns/:id/reject',
    response: R.decide,
    access: ADMIN,
    idempotent: true,
    params: rejectParams,
    async handler(this: ReturnsThis, ctx: Ctx<Id & { reason: string }>) {
      const ret = await markRejected(this.store('returns'), ctx.params.id, ctx.params.reason);
      void this.flushOutbox().catch(() => undefined);
      await signal(this, ret.id, 'decision', 'reject', { decision: 'rejected', reason: ctx.params.reason });
      return ret;
    },
  },
  /** 202: the receipt is recorded; restock, write-off and the refund follow in the saga. */
  receiveReturn: {
    rest: 'POST /admin/returns/:id/receive',
    response: R.receive,
    access: ADMIN,
    idempotent: false,
    params: receiveParams,
    async handler(this: ReturnsThis, ctx: Ctx<Id & ReturnReceipt>) {
      const { id, ...receipt } = ctx.params;
      const answer = await receive(this.store('returns'), id, receipt);
      void this.flushOutbox().catch(() => undefined);
      const receiptId = answer.receipt.id;
      await signal(this, id, 'receipt', receiptId, { receiptId });
      ctx.meta.$statusCode = 202;
      return answer;
    },
  },
  ...settingsActions,
};
