import type { SagaStep } from '../saga.types';
import { CUSTOMER_CANCEL, type CancelOrderData } from './cancel-order.types';

/** Gives the captured money back. Must happen once the order is cancelled: a failure parks the saga for an operator. */
export const refundPayment: SagaStep<CancelOrderData> = {
  id: 'refund-payment',
  deadlineMs: 2_000,
  retry: { attempts: 6, backoffMs: 250 },
  mustComplete: true,
  async invoke(ctx) {
    // A zero-total order (a 100 % discount) was never charged.
    if (ctx.data.checkout !== 'COMPLETED' || ctx.data.amount?.amount === 0) return { refunded: false };
    await ctx.call('payments.refund', { orderId: ctx.data.orderId, reason: ctx.data.reason ?? CUSTOMER_CANCEL });
    return { refunded: true };
  },
};
