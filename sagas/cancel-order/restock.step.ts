import type { SagaStep } from '../saga.types';
import type { CancelOrderData } from './cancel-order.types';

/** Puts the sold units back on hand (movement reason `return`); inventory applies it once per order. */
export const restock: SagaStep<CancelOrderData> = {
  id: 'restock',
  deadlineMs: 3_000,
  retry: { attempts: 6, backoffMs: 250 },
  mustComplete: true,
  async invoke(ctx) {
    if (ctx.data.checkout !== 'COMPLETED') return { restocked: false };
    await ctx.call('inventory.restock', { orderId: ctx.data.orderId });
    return { restocked: true };
  },
};
