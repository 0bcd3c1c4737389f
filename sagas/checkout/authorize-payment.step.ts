import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import type { CheckoutData } from './checkout.types';

/**
 * Authorizes the total. A decline (PAYMENT_DECLINED, 4xx) is a refusal: the hold is released and
 * the order cancelled. Provider errors (502, retryable) and slow answers are tried again with the
 * same key, so the provider charges once whatever happens.
 */
export const authorizePayment: SagaStep<CheckoutData, { paymentId: string }> = {
  id: 'authorize-payment',
  deadlineMs: 2_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    const { orderId, userId, amount, paymentToken } = ctx.data;
    const payment = await ctx.call<{ paymentId: string }>('payments.authorize', { orderId, userId, amount, token: paymentToken });
    return new StepResponse({ paymentId: payment.paymentId }, { paymentId: payment.paymentId });
  },
  async compensate(ctx) {
    // Captured money is refunded by capture-payment's compensation, which runs before this one.
    if (ctx.data.captured) return;
    // 409: nothing authorized left to void.
    await undo(ctx, 'payments.void', { orderId: ctx.data.orderId });
  },
};
