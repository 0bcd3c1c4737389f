import { refusedWith } from '../saga.errors';
import type { SagaStep } from '../saga.types';
import type { CheckoutData } from './checkout.types';

/**
 * Authorizes the total. A decline (PAYMENT_DECLINED, 4xx) is a refusal: the hold is released and
 * the order cancelled. Provider errors (502, retryable) and slow answers are tried again with the
 * same key, so the provider charges once whatever happens.
 */
export const authorizePayment: SagaStep<CheckoutData> = {
  id: 'authorize-payment',
  deadlineMs: 2_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    const { orderId, userId, amount, paymentToken } = ctx.data;
    const payment = await ctx.call<{ paymentId: string }>('payments.authorize', { orderId, userId, amount, token: paymentToken });
    return { paymentId: payment.paymentId };
  },
  async compensate(ctx) {
    // Captured money is refunded by capture-payment's compensation, which runs before this one.
    if (ctx.data.captured) return;
    try {
      await ctx.call('payments.void', { orderId: ctx.data.orderId });
    } catch (err) {
      // No payment (declined before recording, or never reached), or nothing authorized left to void.
      if (refusedWith(err, 404) || refusedWith(err, 409)) return;
      throw err;
    }
  },
};
