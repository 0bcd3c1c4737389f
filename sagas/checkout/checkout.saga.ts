import type { SagaDefinition } from '../saga.types';
import { authorizePayment } from './authorize-payment.step';
import { capturePayment } from './capture-payment.step';
import type { CheckoutData } from './checkout.types';
import { commitReservation } from './commit-reservation.step';
import { confirmOrder } from './confirm-order.step';
import { endOrder, failureReason } from './end-order';
import { notifyStep } from './notify.step';
import { reserveInventory } from './reserve-inventory.step';
import { releaseCart, settleCart } from './settle-cart.step';

/**
 * The checkout after the orders service created the order PENDING (saga id = order id).
 * Terminal outcomes: all steps done → COMPLETED, order CONFIRMED, paid, stock sold, cart given up,
 * customer told. The cart the order claimed is the customer's again after any failure.
 * Out of stock (or inventory unreachable) → nothing held, nothing charged, order REJECTED.
 * Declined, or any later failure → compensations in reverse (refund after capture, void after
 * authorization, restock after commit, release of the hold), then the order CANCELLED.
 */
export const checkoutSaga: SagaDefinition<CheckoutData> = {
  type: 'checkout',
  steps: [
    reserveInventory,
    authorizePayment,
    confirmOrder,
    capturePayment,
    commitReservation,
    settleCart,
    notifyStep<CheckoutData>('confirmed'),
  ],
  async onFailure(ctx) {
    const reason = failureReason(ctx.failedStep, ctx.failure.type, ctx.failure.business);
    // The cart first: once the order shows its end, the customer can check the cart out again.
    await releaseCart(ctx);
    await endOrder(ctx, ctx.failedStep === reserveInventory.id ? 'reject' : 'markCancelled', reason);
  },
};
