import { notifyStep } from '../checkout/notify.step';
import type { SagaDefinition } from '../saga.types';
import { awaitCheckout } from './await-checkout.step';
import type { CancelOrderData } from './cancel-order.types';
import { markCancelled } from './mark-cancelled.step';
import { refundPayment } from './refund-payment.step';
import { releasePromotionUsage } from './release-promotion-usage.step';
import { restock } from './restock.step';

/**
 * A customer's cancel of a confirmed, unshipped order. The guard comes first; after it the saga
 * only goes forward (refund, restock, promotion uses back): a step that keeps failing parks it NEEDS_ATTENTION rather
 * than leaving a cancelled order charged. If the guard refuses, nothing happened and it ends COMPENSATED.
 */
export const cancelOrderSaga: SagaDefinition<CancelOrderData> = {
  type: 'cancel-order',
  steps: [markCancelled, awaitCheckout, refundPayment, restock, releasePromotionUsage, notifyStep<CancelOrderData>('cancelled')],
};
