import type { DecisionSignal, ReceiptSignal } from '../../sagas/return/return.types';
import type { Return, ReturnReceipt, ReturnStatus } from './returns.contract';
import { startSaga } from './returns.requests';
import { markApproved, markRejected } from './returns.decisions';
import { ADMIN, AS_PLATFORM, STAFF, type Ctx, type ReturnsActions, type ReturnsThis } from './returns.methods';
import { notFound } from '../../mixins/access/access.middleware';
import { pageOf, returnsOf } from './returns.ops';
import { idParams, listParams, receiveParams, rejectParams } from './returns.params';
import { receive } from './returns.receipts';
import { assertKnownWarehouse } from './returns.warehouses';
import { RETURNS_RESPONSES as R } from './returns.responses';
import { settingsActions } from './returns.settings.actions';

type ListQuery = { status?: ReturnStatus; orderId?: string; page: number; pageSize: number };
type Id = { id: string };

type Said = { name: 'decision'; data: DecisionSignal } | { name: 'receipt'; data: ReceiptSignal };

/**
 * Tells the return saga (sagas/return) what staff decided or what arrived, after the return
 * recorded it (key: the decision, or the receipt id; the saga's mailbox keeps one per key). A saga
 * that will wait no more (409) is logged: the return's state is already right. One never started
 * (404: its start failed after the request's unit) is started now as the return stands, and a
 * receipt is said again for it to find in its mailbox; a rejected return needs no saga.
 */
async function tell(svc: ReturnsThis, ret: Return, key: string, said: Said): Promise<void> {
  const send = () => svc.broker.call('sagas.signal', { sagaId: ret.id, signal: said.name, key, data: said.data }, AS_PLATFORM);
  const logged = (err: Error & { code?: number }) => {
    if (err.code !== 404 && err.code !== 409) throw err;
    svc.logger.warn(`Return ${ret.id}: the ${said.name} signal was not taken (${err.message})`);
  };
  try {
    await send();
  } catch (err) {
    if ((err as { code?: number }).code !== 404 || ret.status === 'rejected') return logged(err as Error);
    await startSaga(svc, ret, true);
    if (said.name === 'receipt') await send().catch(logged);
  }
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
      await tell(this, ret, 'approve', { name: 'decision', data: { decision: 'approved' } });
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
      await tell(this, ret, 'reject', { name: 'decision', data: { decision: 'rejected', reason: ctx.params.reason } });
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
      // An unknown return is 404 before the warehouse is looked at.
      if (!(await returnsOf(this.store('returns')).get(id))) throw notFound('Return');
      if (receipt.warehouse) await assertKnownWarehouse(this, receipt.warehouse, receipt.lines.map((l) => l.sku));
      const answer = await receive(this.store('returns'), id, receipt);
      void this.flushOutbox().catch(() => undefined);
      const receiptId = answer.receipt.id;
      await tell(this, answer.return, receiptId, { name: 'receipt', data: { receiptId } });
      ctx.meta.$statusCode = 202;
      return answer;
    },
  },
  ...settingsActions,
};
