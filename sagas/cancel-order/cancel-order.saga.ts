import { notifyStep } from '../checkout/notify.step';
import type { SagaDefinition } from '../saga.types';
import { awaitCheckout } from './await-checkout.step';
import type { CancelOrderData } from './cancel-order.types';
import { markCancelled } from './mark-cancelled.step';
import { refundPayment } from './refund-payment.step';
import { releasePromotionUsage } from './release-promotion-usage.step';
import { restock } from './restock.step';
import { stopFulfilment } from './stop-fulfilment.step';

/**
 * A customer's cancel of a confirmed, unshipped order. The guards come first: shipping stops the
 * order's fulfilment (refused once a shipment was handed over), then the order turns CANCELLED
 * (refused, the fulfilment reopens). After them the saga only goes forward (refund, restock,
 * promotion uses back): a step that keeps failing parks it NEEDS_ATTENTION rather than leaving a
 * cancelled order charged. If a guard refuses, nothing is left changed and it ends COMPENSATED.
 */
export const cancelOrderSaga: SagaDefinition<CancelOrderData> = {
  type: 'cancel-order',
  steps: [
    stopFulfilment,
    markCancelled,
    awaitCheckout,
    refundPayment,
    restock,
    releasePromotionUsage,
    notifyStep<CancelOrderData>('cancelled'),
  ],
};
