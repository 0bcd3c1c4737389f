import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import type { ReturnData, ReturnSnapshot } from './return.types';

type ReturnShipment = { id: string; carrier: string; trackingNumber?: string; trackingUrl?: string; label?: { url?: string } };

/**
 * The approved return's label: shipping makes a return shipment (`ret-<returnId>`, kind `return`)
 * with the carrier's label and tracking, and the return records it (customers see it, mails link
 * it). Both calls answer what the first made when retried. Undone by cancelling the label.
 */
export const label: SagaStep<ReturnData, { returnId: string }> = {
  id: 'label',
  deadlineMs: 5_000,
  retry: { attempts: 5, backoffMs: 250 },
  async invoke(ctx) {
    const { returnId, orderId, userId } = ctx.data;
    const ret = await ctx.call<ReturnSnapshot>('returns.get', { returnId });
    const lines = ret.lines.map(({ sku, quantity }) => ({ sku, quantity }));
    // A warehouse named by returns lets shipping label a return of an order it never shipped itself.
    const to = ret.warehouse ? { warehouse: ret.warehouse } : {};
    const shipment = await ctx.call<ReturnShipment>('shipping.createReturnLabel', { returnId, orderId, userId, lines, ...to });
    const url = shipment.label?.url ?? shipment.trackingUrl;
    const tracking = { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber ?? shipment.id, ...(url ? { url } : {}) };
    await ctx.call('returns.recordLabel', { returnId, label: tracking });
    return new StepResponse({ labelShipmentId: shipment.id }, { returnId });
  },
  async compensate(ctx) {
    // 409: the parcel is already on its way (or the label was cancelled): nothing left to cancel.
    await undo(ctx, 'shipping.cancelReturnLabel', { returnId: ctx.data.returnId });
  },
};
