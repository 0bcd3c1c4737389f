import type { SagaStep } from '../saga.types';
import type { CancelOrderData } from './cancel-order.types';

/**
 * Gives the order's promotion uses back, or not: discounts decides per promotion (`releaseOnCancel`).
 * Only a completed checkout committed uses; a failed one released its own. Idempotent in discounts.
 */
export const releasePromotionUsage: SagaStep<CancelOrderData> = {
  id: 'release-promotion-usage',
  deadlineMs: 3_000,
  retry: { attempts: 6, backoffMs: 250 },
  mustComplete: true,
  async invoke(ctx) {
    if (ctx.data.checkout !== 'COMPLETED' || !ctx.data.promotionIds?.length) return { promotionsReleased: false };
    await ctx.call('discounts.releaseUsage', { orderId: ctx.data.orderId, reason: 'cancelled' });
    return { promotionsReleased: true };
  },
};
