import type { SagaStep } from '../saga.types';
import type { CheckoutData } from './checkout.types';
import { whileHeld } from './checkout.holds';

/**
 * The order is paid and its stock sold: its reserved promotion uses become used (discounts
 * publishes `promotion.applied`). Like the stock's commit, an unavailable discounts service is waited
 * for while the hold lasts rather than refunding a paid order. No compensation: it is the last step
 * that can fail (the ones after it are best effort), and reserve-promotion-usage's releases a use
 * that was never committed.
 */
export const commitPromotionUsage: SagaStep<CheckoutData> = {
  id: 'commit-promotion-usage',
  deadlineMs: 3_000,
  retry: { attempts: 4, backoffMs: 250 },
  waitsUntil: whileHeld,
  async invoke(ctx) {
    if (!ctx.data.promotions?.length) return { promotionsCommitted: false };
    await ctx.call('discounts.commitUsage', { orderId: ctx.data.orderId });
    return { promotionsCommitted: true };
  },
};
