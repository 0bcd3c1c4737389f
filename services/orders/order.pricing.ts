import type { Money } from '../../mixins/validation/money';
import { priceOrder } from '../pricing/pricing.pipeline';
import type { PricedLineResult, PricingSources } from '../pricing/pricing.types';
import type { OrderItem, OrderTotals } from './orders.contract';
import { OrderRuleError } from './orders.errors';
import type { OrderAdjustment } from './order.promotions';

/**
 * What each line of an order paid, as the pricing pipeline left it: its adjustments with their
 * sources and per-unit amounts, so a refund can be computed from what each unit actually paid.
 * Orders placed before this was stored have none.
 */
export type OrderLinePricing = Omit<PricedLineResult, 'sku' | 'quantity' | 'unitPrice' | 'adjustments'> & {
  adjustments: OrderAdjustment[];
};

export type ItemToPrice = Omit<OrderItem, 'lineTotal' | 'pricing'> & { unitPrice: Money };

/**
 * The order's lines through the same pipeline the cart shows (services/pricing), one currency per
 * order. A pricing refusal (a price that is not whole minor units, a total past 2^53) reaches the
 * client as a 409 with its code.
 */
export function priceItems(
  lines: readonly ItemToPrice[],
  currency: string,
  sources: PricingSources = {},
): { items: OrderItem[]; totals: OrderTotals } {
  for (const line of lines)
    if (line.unitPrice.currency !== currency)
      throw new OrderRuleError(
        'CURRENCY_MISMATCH',
        `${line.sku} is priced in ${line.unitPrice.currency}, the order in ${currency}`,
        409,
        {
          sku: line.sku,
        },
      );
  const priced = priceOrder(
    currency,
    lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice.amount })),
    sources,
  );
  const items = lines.map((line, i): OrderItem => {
    const { sku: _s, quantity: _q, unitPrice: _u, ...pricing } = priced.lines[i];
    return orderItem(line, currency, pricing);
  });
  return { items, totals: { currency, ...priced.totals } };
}

/** A line as bought, with what it paid; its line total is the subtotal before adjustments. */
export function orderItem(line: ItemToPrice, currency: string, pricing: OrderLinePricing): OrderItem {
  return {
    sku: line.sku,
    productId: line.productId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: { amount: line.unitPrice.amount, currency },
    lineTotal: { amount: pricing.subtotal, currency },
    pricing,
  };
}
