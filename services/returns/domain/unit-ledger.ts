import { RuleError } from '../../../mixins/validation/rule-error';
import { shippingLeft } from '../../discounts/domain/tax.domain';
import type { Order, OrderItem } from '../../orders/orders.contract';
import type { OrderLinePricing } from '../../orders/order.pricing';
import { perUnit } from '../../pricing/pricing.allocate';
import type { LineLedger, OrderLedger, UnitPaid } from '../returns.contract';
import { splitTax } from './tax-split';

export type LedgerProblem = 'LEDGER_MISMATCH';
/** The order's stored pricing does not add up: no refund is computed from it. */
export class LedgerError extends RuleError<LedgerProblem> {}

/** A line's amount of one kind, summed over its adjustments, with the pipeline's rule for units. */
type Share = (k: number) => number;
const shareOf = (amount: number, quantity: number): Share => {
  const { perUnit: each, remainder } = perUnit(amount, quantity);
  return (k) => each + (k < remainder ? 1 : 0);
};
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * What each unit of an order paid, from the adjustments the order stored (services/orders/
 * order.pricing.ts). Per unit: price − its discount + its tax, where an included tax is already
 * inside the price and is never added again (Medusa #15885 under-refunds by taxing discounts
 * twice); and apart from that, its shipping share (shipping − shipping discounts) and that
 * share's tax. The units of a line sum exactly to the line's stored total and the lines to the
 * order's: a ledger that would not is refused (LEDGER_MISMATCH) rather than refunded from.
 * Orders placed before pricing was kept fall back to the unit price per unit (`basis`).
 */
export function unitLedger(order: Pick<Order, 'items' | 'totals'>): OrderLedger {
  const lines = order.items.map((item) => (item.pricing ? pricedLine(item, item.pricing) : fallbackLine(item)));
  const fallbackSkus = lines.filter((l) => l.basis === 'unit-price').map((l) => l.sku);
  const basis = fallbackSkus.length === 0 ? 'pricing' : fallbackSkus.length === lines.length ? 'unit-price' : 'mixed';
  const total = sum(lines.map((l) => l.total));
  if (basis === 'pricing' && total !== order.totals.total)
    throw mismatch(`the lines add up to ${total}, the order's total is ${order.totals.total}`);
  const shipping = sum(lines.flatMap((l) => l.units.map((u) => u.shippingPaid)));
  return { currency: order.totals.currency, basis, fallbackSkus, lines, total, shipping };
}

const mismatch = (detail: string, data: Record<string, unknown> = {}) =>
  new LedgerError('LEDGER_MISMATCH', `The order's pricing does not add up: ${detail}`, data);

function fallbackLine(item: OrderItem): LineLedger {
  const price = item.unitPrice.amount;
  const units = Array.from({ length: item.quantity }, (_, index): UnitPaid => ({
    index,
    price,
    discount: 0,
    tax: 0,
    goods: price,
    shipping: 0,
    shippingTax: 0,
    shippingPaid: 0,
    paid: price,
  }));
  return { sku: item.sku, quantity: item.quantity, basis: 'unit-price', units, total: price * item.quantity };
}

/**
 * Amounts of the same kind are summed on the line before they are spread over its units, with
 * the pipeline's own rule (the first `remainder` units bear one more minor unit). With one
 * adjustment of a kind this is its stored perUnit/remainder exactly; with several, spreading
 * each on its own would pile every remainder on the first unit, which a nearly free line could
 * push below zero.
 */
function pricedLine(item: OrderItem, pricing: OrderLinePricing): LineLedger {
  const { sku, quantity } = item;
  const price = item.unitPrice.amount;
  for (const a of pricing.adjustments)
    if (a.perUnit * quantity + a.remainder !== a.amount || a.remainder < 0 || a.remainder >= quantity)
      throw mismatch(`an adjustment of ${sku} does not spread over its ${quantity} units`, { sku });
  const shippingNet = shippingLeft({ ...pricing, sku, quantity, unitPrice: price });
  const shippingOff = pricing.shipping - shippingNet;
  const goodsOff = pricing.discount - shippingOff;
  const taxes = pricing.adjustments.filter((a) => a.kind === 'tax');
  const split = taxes.map((t) => ({ t, ...splitTax(t, pricing.subtotal - goodsOff, shippingNet, taxes.length === 1) }));
  const taxSum = (part: 'goods' | 'shipping', included: boolean) =>
    sum(split.filter(({ t }) => (t.included === true) === included).map((s) => s[part]));
  const s = {
    discount: shareOf(goodsOff, quantity),
    shipping: shareOf(shippingNet, quantity),
    goodsTaxAdded: shareOf(taxSum('goods', false), quantity),
    goodsTaxIncluded: shareOf(taxSum('goods', true), quantity),
    shipTaxAdded: shareOf(taxSum('shipping', false), quantity),
    shipTaxIncluded: shareOf(taxSum('shipping', true), quantity),
  };
  const units = Array.from({ length: quantity }, (_, k): UnitPaid => {
    const goods = price - s.discount(k) + s.goodsTaxAdded(k);
    const shippingPaid = s.shipping(k) + s.shipTaxAdded(k);
    return {
      index: k,
      price,
      discount: s.discount(k),
      tax: s.goodsTaxAdded(k) + s.goodsTaxIncluded(k),
      goods,
      shipping: s.shipping(k),
      shippingTax: s.shipTaxAdded(k) + s.shipTaxIncluded(k),
      shippingPaid,
      paid: goods + shippingPaid,
    };
  });
  const total = sum(units.map((u) => u.paid));
  if (total !== pricing.total || price * quantity !== pricing.subtotal || sum(taxes.map((t) => t.amount)) !== pricing.tax)
    throw mismatch(`the units of ${sku} add up to ${total}, its stored total is ${pricing.total}`, { sku });
  return { sku, quantity, basis: 'pricing', units, total };
}
