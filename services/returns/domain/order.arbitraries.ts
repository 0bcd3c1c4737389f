import fc from 'fast-check';
import { promotions, RATES, requests } from '../../discounts/domain/price.arbitraries';
import { priceWithDiscounts } from '../../discounts/domain/price.domain';
import { inputs } from '../../discounts/domain/price.fixtures';
import type { Order } from '../../orders/orders.contract';
import { snapshotPricing } from '../../orders/order.promotions';

/**
 * Test generators (not used by the service): orders priced the way checkout prices them, through
 * discounts' pricing (promotions on lines, the order and shipping; tax added or included, one or
 * two rates per line) and snapshotted as orders store them.
 */
export type PricedOrder = Pick<Order, 'items' | 'totals'>;

export const orders: fc.Arbitrary<PricedOrder> = fc
  .record({ request: requests, promotions, inclusive: fc.boolean() })
  .map(({ request, promotions: ps, inclusive }) => {
    const answer = priceWithDiscounts(
      request,
      inputs(ps, { rates: RATES, settings: { inclusiveByCurrency: { USD: inclusive } } }),
    );
    const lines = request.lines.map((l) => ({
      sku: l.sku,
      productId: l.productId,
      name: l.sku,
      quantity: l.quantity,
      unitPrice: { amount: l.unitPrice, currency: 'USD' },
    }));
    const { items, totals } = snapshotPricing(lines, 'USD', answer);
    return { items, totals };
  });

/**
 * A sequence of partial returns that ends with everything returned: the order's units in a
 * shuffled order, cut into batches, each batch counted per SKU.
 */
export function returnBatches(order: PricedOrder): fc.Arbitrary<{ sku: string; quantity: number }[][]> {
  const units = order.items.flatMap((i) => Array.from({ length: i.quantity }, () => i.sku));
  return fc.tuple(fc.shuffledSubarray(units, { minLength: units.length }), fc.array(fc.nat(units.length))).map(([all, cuts]) => {
    const at = [...new Set([0, ...cuts, all.length])].sort((a, b) => a - b);
    return at.slice(1).map((end, i) => {
      const counts = new Map<string, number>();
      for (const sku of all.slice(at[i], end)) counts.set(sku, (counts.get(sku) ?? 0) + 1);
      return [...counts].map(([sku, quantity]) => ({ sku, quantity }));
    });
  });
}
