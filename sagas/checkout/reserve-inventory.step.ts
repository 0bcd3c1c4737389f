import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import type { CheckoutData } from './checkout.types';

/** Holds the order's units. Out of stock is a refusal (409 INSUFFICIENT_STOCK): the checkout ends REJECTED. */
export const reserveInventory: SagaStep<CheckoutData, { orderId: string; expiresAt: number }> = {
  id: 'reserve-inventory',
  deadlineMs: 3_000,
  retry: { attempts: 4, backoffMs: 250 },
  async invoke(ctx) {
    const { orderId, lines } = ctx.data;
    // A retry after a crash asks again; inventory answers the hold it already made for this order.
    // Inventory decides how long it holds; the answer's expiry bounds how long a paid order waits (checkout.holds.ts).
    const hold = await ctx.call<{ expiresAt: number }>('inventory.reserve', {
      orderId,
      lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
    });
    return new StepResponse({ reservationExpiresAt: hold.expiresAt }, { orderId, expiresAt: hold.expiresAt });
  },
  async compensate(ctx) {
    // Sold meanwhile: commit-reservation's compensation restocks it.
    const sold = [{ code: 409, types: ['RESERVATION_COMMITTED'] }];
    await undo(ctx, 'inventory.release', { orderId: ctx.data.orderId, reason: 'checkout failed' }, sold);
  },
};
