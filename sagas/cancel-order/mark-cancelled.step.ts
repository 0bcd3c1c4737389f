import type { SagaStep } from '../saga.types';
import { CUSTOMER_CANCEL, type CancelOrderData } from './cancel-order.types';

/**
 * The order's guard: CONFIRMED → CANCELLED through its state machine. An order that cannot be
 * cancelled refuses (409): stop-fulfilment is undone and the saga ends there. Nothing after it can be undone.
 */
export const markCancelled: SagaStep<CancelOrderData> = {
  id: 'mark-cancelled',
  deadlineMs: 3_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    await ctx.call('orders.markCancelled', { orderId: ctx.data.orderId, reason: ctx.data.reason ?? CUSTOMER_CANCEL });
  },
};
