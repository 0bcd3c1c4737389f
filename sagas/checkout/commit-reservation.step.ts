import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import type { CheckoutData } from './checkout.types';
import { whileHeld } from './checkout.holds';

/**
 * The held units leave as sold. The order is paid: an unavailable inventory is waited for while the
 * hold lasts. A lapsed hold (409 RESERVATION_EXPIRED) fails the checkout: the money goes back.
 */
export const commitReservation: SagaStep<CheckoutData, { orderId: string }> = {
  id: 'commit-reservation',
  deadlineMs: 3_000,
  retry: { attempts: 4, backoffMs: 250 },
  waitsUntil: whileHeld,
  async invoke(ctx) {
    await ctx.call('inventory.commit', { orderId: ctx.data.orderId });
    return new StepResponse({ committed: true }, { orderId: ctx.data.orderId });
  },
  async compensate(ctx) {
    // 409: not sold (still held, released or expired); reserve-inventory's compensation releases what is held.
    await undo(ctx, 'inventory.restock', { orderId: ctx.data.orderId });
  },
};
