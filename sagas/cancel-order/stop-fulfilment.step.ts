import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import type { CancelForOrderAnswer } from '../../services/shipping/shipments.contract';
import { CUSTOMER_CANCEL, type CancelOrderData } from './cancel-order.types';

/**
 * The first guard: shipping closes the order's fulfilment in one conditional write (nothing ships
 * after it, a late confirmation creates no shipment) and cancels its labels and shipments. Once a
 * shipment was handed over it refuses (409 ORDER_ALREADY_SHIPPED, a business failure): the saga
 * ends COMPENSATED with the order as it was. Idempotent in shipping, so a retry closes nothing twice.
 * Undone (mark-cancelled refused) by reopening the fulfilment.
 */
export const stopFulfilment: SagaStep<CancelOrderData, { orderId: string }> = {
  id: 'stop-fulfilment',
  deadlineMs: 5_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    const { orderId, reason } = ctx.data;
    const answer = await ctx.call<CancelForOrderAnswer>('shipping.cancelForOrder', {
      orderId,
      reason: reason ?? CUSTOMER_CANCEL,
    });
    return new StepResponse({ shipmentsCancelled: answer.cancelled ?? [] }, { orderId });
  },
  async compensate(ctx) {
    await undo(ctx, 'shipping.reopenForOrder', { orderId: ctx.data.orderId });
  },
};
