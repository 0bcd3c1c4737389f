import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import { ZERO_TOTAL } from './authorize-payment.step';
import type { CheckoutData } from './checkout.types';
import { whileHeld } from './checkout.holds';

/**
 * Takes the authorized money. Undone by a refund (a failure after capture refunds; before it,
 * authorize's void). The order is already confirmed, so an unreachable payments service is waited
 * for while the stock stays held before the customer's order is given up.
 */
export const capturePayment: SagaStep<CheckoutData, { orderId: string }> = {
  id: 'capture-payment',
  deadlineMs: 2_000,
  retry: { attempts: 8, backoffMs: 250 },
  waitsUntil: whileHeld,
  async invoke(ctx) {
    if (ctx.data.amount.amount === 0) return { paymentSkipped: ZERO_TOTAL };
    await ctx.call('payments.capture', { orderId: ctx.data.orderId });
    return new StepResponse({ captured: true }, { orderId: ctx.data.orderId });
  },
  async compensate(ctx) {
    if (ctx.data.amount.amount === 0) return;
    // 409: not captured (a try that timed out did not land); authorize-payment's compensation voids it.
    await undo(ctx, 'payments.refund', { orderId: ctx.data.orderId, reason: 'checkout failed after capture' });
  },
};
