import type { Money } from '../../mixins/validation/money';
import type { Order } from '../../services/orders/orders.contract';
import { refusedWith } from '../saga.errors';
import { StepResponse, type SagaStep, type StepContext } from '../saga.types';
import { undo } from '../saga.undo';
import { exchangeId, type ReturnData } from './return.types';

export const CHARGE_DECLINED = 'exchange difference declined';

/**
 * An exchange dearer than its credit charges the difference (priced at request, `exchangeCharge`)
 * once its items are held and before anything ships: a payment of its own, `x-<returnId>`, with the
 * original order's token, authorized then captured under this step's key (a retry or a re-run after
 * a crash is answered what the first try did), then recorded on the return. A decline is not a
 * failure: the return becomes a refund of the whole credit and the held items go back.
 */
export const chargeExchange: SagaStep<ReturnData, { orderId: string }> = {
  id: 'charge-exchange',
  deadlineMs: 5_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    const { returnId, orderId, userId, resolution, exchangeReserved, exchangeCharge = 0 } = ctx.data;
    if (resolution !== 'exchange' || !exchangeReserved || exchangeCharge === 0) return {};
    const id = exchangeId(returnId);
    // The token never leaves the cluster: orders.get is internal.
    const order = await ctx.call<Order>('orders.get', { orderId });
    const amount: Money = { amount: exchangeCharge, currency: order.totals.currency };
    let paymentId: string;
    try {
      ({ paymentId } = await ctx.call<{ paymentId: string }>('payments.authorize', {
        orderId: id,
        userId,
        amount,
        token: order.payment.token,
      }));
    } catch (err) {
      if (!refusedWith(err, 402, ['PAYMENT_DECLINED'])) throw err;
      await ctx.call('returns.fallbackToRefund', { returnId, why: CHARGE_DECLINED });
      await releaseHold(ctx);
      return { resolution: 'refund', exchangeReserved: false, fallback: CHARGE_DECLINED };
    }
    await ctx.call('payments.capture', { orderId: id });
    await ctx.call('returns.recordCharge', { returnId, amount, paymentId });
    return new StepResponse({ exchangeCharged: amount }, { orderId: id });
  },
  async compensate(ctx) {
    if (ctx.data.resolution !== 'exchange' || !ctx.data.exchangeCharge) return;
    const orderId = exchangeId(ctx.data.returnId);
    try {
      // Authorized only (the step stopped before capture), or nothing: the void settles it.
      await ctx.call('payments.void', { orderId });
    } catch (err) {
      if (ctx.compensateInput === undefined && refusedWith(err, 404)) return;
      if (!refusedWith(err, 409)) throw err;
      // Captured: void is refused, the whole charge goes back (a refunded one answers 409 again).
      await undo(ctx, 'payments.refund', { orderId, reason: 'exchange ended' });
    }
  },
};

/** The declined exchange's items back to stock; one sold, lapsed or released already is nothing to give back. */
async function releaseHold(ctx: StepContext<ReturnData>): Promise<void> {
  try {
    await ctx.call('inventory.release', { orderId: exchangeId(ctx.data.returnId), reason: CHARGE_DECLINED });
  } catch (err) {
    if (!refusedWith(err, 409, ['RESERVATION_COMMITTED', 'RESERVATION_EXPIRED', 'RESERVATION_RELEASED'])) throw err;
  }
}
