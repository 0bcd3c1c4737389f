import { refusedWith } from '../saga.errors';
import type { SagaStep, StepContext } from '../saga.types';
import { exchangeId, type ReturnData } from './return.types';

type Held = { lines: { sku: string; quantity: number; allocations: { warehouse: string; quantity: number }[] }[] };
export const HOLD_LAPSED = 'exchange hold lapsed before shipping';

/**
 * Sells the held new items and ships them from where inventory holds them (the shipments' id is
 * `x-<returnId>`, to the original order's address). Both calls answer what the first did on a retry. A hold
 * that lapsed meanwhile cannot ship: the return becomes a refund, as when the items were out of stock.
 */
export async function shipExchange(ctx: StepContext<ReturnData>): Promise<Partial<ReturnData>> {
  const { returnId, orderId, userId } = ctx.data;
  const id = exchangeId(returnId);
  let held: Held;
  try {
    held = await ctx.call<Held>('inventory.commit', { orderId: id });
  } catch (err) {
    if (!refusedWith(err, 409, ['RESERVATION_EXPIRED', 'RESERVATION_RELEASED'])) throw err;
    await ctx.call('returns.fallbackToRefund', { returnId, why: HOLD_LAPSED });
    return { resolution: 'refund', fallback: HOLD_LAPSED };
  }
  // Shipping takes the address and carrier from the original order.
  const allocations = held.lines.map(({ sku, quantity, allocations: from }) => ({
    sku,
    quantity,
    allocations: from.map(({ warehouse, quantity: q }) => ({ warehouse, quantity: q })),
  }));
  await ctx.call('shipping.createExchangeShipments', { id, orderId, userId, returnId, allocations });
  return { exchangeShipped: true };
}

/** Whether the exchange still has items to ship (reserved, not shipped, not fallen back to a refund). */
export const exchangeToShip = (data: Readonly<ReturnData>): boolean =>
  data.resolution === 'exchange' && data.exchangeReserved === true && !data.exchangeShipped;

/**
 * With the policy `at-once`, the new items leave at approval, before the returned units arrive.
 * Past the sale nothing can be undone by the saga: a failure here parks it for an operator.
 */
export const shipExchangeAtOnce: SagaStep<ReturnData> = {
  id: 'ship-exchange',
  deadlineMs: 5_000,
  retry: { attempts: 6, backoffMs: 250 },
  mustComplete: true,
  async invoke(ctx) {
    if (ctx.data.exchangeShip !== 'at-once' || !exchangeToShip(ctx.data)) return { exchangeShipped: ctx.data.exchangeShipped ?? false };
    return shipExchange(ctx);
  },
};
