import type { AppliedPromotion, AppliedTaxRate, PriceAnswer } from '../discounts/discounts.contract';
import type { LineAdjustment } from '../pricing/pricing.types';
import { orderItem, type ItemToPrice } from './order.pricing';
import type { OrderItem, OrderTotals } from './orders.contract';
import { OrderRuleError } from './orders.errors';

/** A line's adjustment as the order keeps it: a promotion's source names the version and code applied, a tax its rate. */
export type OrderAdjustment = LineAdjustment;

/** A promotion as the order applied it (minor units of the order's currency). */
export type OrderPromotion = Pick<AppliedPromotion, 'promotionId' | 'version' | 'code' | 'name' | 'amount'>;

export type OrderTax = { pricesIncludeTax: boolean; rates: AppliedTaxRate[] };

export interface SnapshotPricing {
  items: OrderItem[];
  totals: OrderTotals;
  promotions: OrderPromotion[];
  tax: OrderTax;
}

const stale = (detail: string) =>
  new OrderRuleError(
    'PRICING_STALE',
    `The cart's prices changed while checking out (${detail}); review the cart and try again`,
    409,
  );

/**
 * The order's pricing is the claimed cart's `discounts.price` answer, taken as it is: every line's
 * adjustments and the totals are stored, never recomputed or spread again, so an order shows what
 * the customer was shown and a promotion edited later changes nothing for it. Each adjustment is
 * stamped with what it came from (the promotion's version and code, the tax rate's basis points).
 * An answer that does not price exactly these lines is refused rather than patched.
 */
export function snapshotPricing(lines: readonly ItemToPrice[], currency: string, given: PriceAnswer): SnapshotPricing {
  // A copy: nothing the order keeps is shared with the answer (or whoever else holds it).
  const answer = structuredClone(given);
  const { pricing } = answer;
  if (pricing.currency !== currency) throw stale(`priced in ${pricing.currency}, the cart in ${currency}`);
  if (pricing.lines.length !== lines.length) throw stale(`${pricing.lines.length} lines priced, ${lines.length} in the cart`);
  const promotions = new Map(answer.applied.map((p) => [p.promotionId, p]));
  const rates = new Map(answer.tax.rates.map((r) => [r.id, r]));
  // The pipeline's sources may already say this; the applied list and rate set are the authority.
  const stamp = (a: LineAdjustment): OrderAdjustment => {
    if (a.source.type === 'promotion') {
      const p = promotions.get(a.source.id);
      return p ? { ...a, source: { ...a.source, version: p.version, ...(p.code ? { code: p.code } : {}) } } : a;
    }
    const r = a.source.type === 'tax_rate' ? rates.get(a.source.id) : undefined;
    return r ? { ...a, rateBps: r.rateBps } : a;
  };
  const items = lines.map((line, i): OrderItem => {
    const { sku, quantity, unitPrice, adjustments, ...sums } = pricing.lines[i];
    if (sku !== line.sku || quantity !== line.quantity || unitPrice !== line.unitPrice.amount)
      throw stale(`${line.sku} priced as ${quantity} × ${unitPrice} of ${sku}`);
    return orderItem(line, currency, { ...sums, adjustments: adjustments.map(stamp) });
  });
  return {
    items,
    totals: { currency, ...pricing.totals },
    promotions: answer.applied.map(({ promotionId, version, code, name, amount }) => ({
      promotionId,
      version,
      ...(code ? { code } : {}),
      name,
      amount,
    })),
    tax: { pricesIncludeTax: answer.tax.pricesIncludeTax, rates: answer.tax.rates },
  };
}
