import type { SagaDefinition } from '../saga.types';
import { authorizePayment } from './authorize-payment.step';
import { capturePayment } from './capture-payment.step';
import type { CheckoutData } from './checkout.types';
import { commitPromotionUsage } from './commit-promotion-usage.step';
import { commitReservation } from './commit-reservation.step';
import { confirmOrder } from './confirm-order.step';
import { endOrder, failureReason } from './end-order';
import { notifyStep } from './notify.step';
import { reserveInventory } from './reserve-inventory.step';
import { reservePromotionUsage } from './reserve-promotion-usage.step';
import { releaseCart, settleCart } from './settle-cart.step';

/** Failures before any payment step: nothing was charged, the order is rejected rather than cancelled. */
const REJECTING = [reserveInventory.id, reservePromotionUsage.id];

/**
 * The checkout after the orders service created the order PENDING (saga id = order id).
 * Terminal outcomes: all steps done → COMPLETED, order CONFIRMED, paid, stock sold, cart given up,
 * customer told. The cart the order claimed is the customer's again after any failure.
 * Out of stock (or inventory unreachable), or a promotion's use limit reached → nothing charged,
 * order REJECTED. A zero total (a 100 % discount) skips authorization and capture and still confirms.
 * Declined, or any later failure → compensations in reverse (refund after capture, void after
 * authorization, restock after commit, release of the hold), then the order CANCELLED.
 */
export const checkoutSaga: SagaDefinition<CheckoutData> = {
  type: 'checkout',
  steps: [
    reserveInventory,
    reservePromotionUsage,
    authorizePayment,
    confirmOrder,
    capturePayment,
    commitReservation,
    commitPromotionUsage,
    settleCart,
    notifyStep<CheckoutData>('confirmed'),
  ],
  async onFailure(ctx) {
    const reason = failureReason(ctx.failedStep, ctx.failure.type, ctx.failure.business);
    // The cart first: once the order shows its end, the customer can check the cart out again.
    await releaseCart(ctx);
    await endOrder(ctx, REJECTING.includes(ctx.failedStep) ? 'reject' : 'markCancelled', reason);
  },
};
