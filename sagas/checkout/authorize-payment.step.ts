import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import type { CheckoutData } from './checkout.types';

/** Why a fully discounted order takes no payment: there is nothing to authorize, capture or refund. */
export const ZERO_TOTAL = 'zero total: nothing to authorize or capture';

/**
 * Authorizes the total (after discounts, shipping and tax; a zero total skips it). A decline (PAYMENT_DECLINED, 4xx) is a refusal: the hold is released and
 * the order cancelled. Provider errors (502, retryable) and slow answers are tried again with the
 * same key, so the provider charges once whatever happens.
 */
export const authorizePayment: SagaStep<CheckoutData, { paymentId: string }> = {
  id: 'authorize-payment',
  deadlineMs: 2_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    const { orderId, userId, amount, paymentToken } = ctx.data;
    if (amount.amount === 0) return { paymentSkipped: ZERO_TOTAL };
    const payment = await ctx.call<{ paymentId: string }>('payments.authorize', { orderId, userId, amount, token: paymentToken });
    return new StepResponse({ paymentId: payment.paymentId }, { paymentId: payment.paymentId });
  },
  async compensate(ctx) {
    if (ctx.data.amount.amount === 0) return;
    // Captured money is refunded by capture-payment's compensation, which runs before this one.
    if (ctx.data.captured) return;
    // 409: nothing authorized left to void.
    await undo(ctx, 'payments.void', { orderId: ctx.data.orderId });
  },
};
