import type { SagaStep } from '../saga.types';
import type { CheckoutData } from './checkout.types';

/**
 * PENDING → CONFIRMED. No compensation of its own: whatever fails later, the saga's on-failure
 * action moves the order to its terminal status (CANCELLED) once the money and stock are undone.
 */
export const confirmOrder: SagaStep<CheckoutData> = {
  id: 'confirm-order',
  deadlineMs: 3_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    await ctx.call('orders.confirm', { orderId: ctx.data.orderId });
    return { confirmed: true };
  },
};
