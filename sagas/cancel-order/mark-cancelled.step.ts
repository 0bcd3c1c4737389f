import type { SagaStep } from '../saga.types';
import { CUSTOMER_CANCEL, type CancelOrderData } from './cancel-order.types';

/**
 * The guard: CONFIRMED → CANCELLED through the order's state machine. An order that shipped
 * meanwhile refuses (409) and the saga ends there, with nothing done. Nothing after it can be undone.
 */
export const markCancelled: SagaStep<CancelOrderData> = {
  id: 'mark-cancelled',
  deadlineMs: 3_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    await ctx.call('orders.markCancelled', { orderId: ctx.data.orderId, reason: ctx.data.reason ?? CUSTOMER_CANCEL });
  },
};
