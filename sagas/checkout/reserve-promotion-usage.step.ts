import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import type { CheckoutData } from './checkout.types';

/**
 * Reserves one use of each promotion the order carries, for as long as inventory holds its stock
 * (discounts lets an unconfirmed use lapse then, as inventory does the hold). A limit already reached
 * (409 PROMOTION_LIMIT_REACHED) is a refusal: nothing was charged, the order is rejected and the
 * customer gets the cart back. An order without promotions has nothing to reserve.
 */
export const reservePromotionUsage: SagaStep<CheckoutData, { orderId: string }> = {
  id: 'reserve-promotion-usage',
  deadlineMs: 3_000,
  // Nothing is charged yet and the stock hold lasts minutes: a discounts store slow under a burst
  // (150 checkouts at once on embedded PGlite) is waited for, not taken as a reason to reject.
  retry: { attempts: 4, backoffMs: 250, budgetMs: 60_000 },
  async invoke(ctx) {
    const { orderId, userId, amount, promotions = [], reservationExpiresAt } = ctx.data;
    if (!promotions.length) return { promotionsReserved: false };
    // Retried after a crash, discounts answers the uses it already reserved for this order. The
    // promotions are already in reserveUsage's shape (orders' checkoutInput picks those fields).
    await ctx.call('discounts.reserveUsage', {
      orderId,
      userId,
      currency: amount.currency,
      promotions,
      expiresAt: reservationExpiresAt,
    });
    return new StepResponse({ promotionsReserved: true }, { orderId });
  },
  async compensate(ctx) {
    if (!ctx.data.promotions?.length) return;
    // A use committed meanwhile stays used for a failed checkout; discounts answers the rest as released.
    await undo(ctx, 'discounts.releaseUsage', { orderId: ctx.data.orderId, reason: 'checkout-failed' });
  },
};
