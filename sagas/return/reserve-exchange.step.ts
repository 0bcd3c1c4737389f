import { refusedWith } from '../saga.errors';
import { StepResponse, type SagaStep } from '../saga.types';
import { undo } from '../saga.undo';
import { exchangeId, type ReturnData, type ReturnSnapshot } from './return.types';

/** How long the new items stay held: until the returned parcel can have arrived (the return window and its transit). */
export const EXCHANGE_HOLD_MS = 45 * 24 * 3_600_000;
export const OUT_OF_STOCK = 'exchange items out of stock';

/**
 * An exchange holds its new items at approval under its own id (`x-<returnId>`). Out of stock is
 * not a failure: the return becomes a refund (`returns.fallbackToRefund`, recorded on the return)
 * and goes on. The return's ship policy is read here once: later steps ship by it.
 */
export const reserveExchange: SagaStep<ReturnData, { orderId: string }> = {
  id: 'reserve-exchange',
  deadlineMs: 3_000,
  retry: { attempts: 5, backoffMs: 250 },
  async invoke(ctx) {
    const { returnId, resolution, exchangeFor } = ctx.data;
    if (resolution !== 'exchange' || !exchangeFor?.length) return { exchangeReserved: false };
    const orderId = exchangeId(returnId);
    try {
      // A retry after a crash finds the hold the first try made (inventory keys it by orderId).
      await ctx.call('inventory.reserve', { orderId, lines: exchangeFor, expiresAt: Date.now() + EXCHANGE_HOLD_MS });
    } catch (err) {
      if (!refusedWith(err, 409, ['INSUFFICIENT_STOCK'])) throw err;
      await ctx.call('returns.fallbackToRefund', { returnId, why: OUT_OF_STOCK });
      return { resolution: 'refund', exchangeReserved: false, fallback: OUT_OF_STOCK };
    }
    const ret = await ctx.call<ReturnSnapshot>('returns.get', { returnId });
    const charge = ret.exchangeCharge ? { exchangeCharge: ret.exchangeCharge } : {};
    return new StepResponse({ exchangeReserved: true, exchangeShip: ret.exchangeShip ?? 'on-receipt', ...charge }, { orderId });
  },
  async compensate(ctx) {
    if (ctx.data.resolution !== 'exchange') return;
    // Shipped meanwhile (at once), or lapsed: nothing is held to give back. Its CONFLICT (busy) is retried.
    const shipped = [{ code: 409, types: ['RESERVATION_COMMITTED', 'RESERVATION_EXPIRED'] }];
    await undo(ctx, 'inventory.release', { orderId: exchangeId(ctx.data.returnId), reason: 'return ended' }, shipped);
  },
};
