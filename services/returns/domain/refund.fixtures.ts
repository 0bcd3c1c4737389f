import type { OrderLedger, RefundPolicy, UnitPaid } from '../returns.contract';

/** Test builders for the refund specs (not used by the service). */
export const unit = (index: number, goods: number, shippingPaid = 0): UnitPaid => ({
  index,
  price: goods,
  discount: 0,
  tax: 0,
  goods,
  shipping: shippingPaid,
  shippingTax: 0,
  shippingPaid,
  paid: goods + shippingPaid,
});

/** Lines as [sku, [goods, shipping] per unit]. */
export function ledgerOf(lines: [string, [number, number][]][]): OrderLedger {
  const ls = lines.map(([sku, us]) => {
    const units = us.map(([g, s], i) => unit(i, g, s));
    return { sku, quantity: units.length, basis: 'pricing' as const, units, total: units.reduce((n, u) => n + u.paid, 0) };
  });
  const total = ls.reduce((n, l) => n + l.total, 0);
  const shipping = ls.reduce((n, l) => n + l.units.reduce((m, u) => m + u.shippingPaid, 0), 0);
  return { currency: 'USD', basis: 'pricing', fallbackSkus: [], lines: ls, total, shipping };
}

export const policy = (over: Partial<RefundPolicy> = {}): RefundPolicy => ({ refundShipping: 'full-return-only', ...over });
