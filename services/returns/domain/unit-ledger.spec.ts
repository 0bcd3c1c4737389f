import fc from 'fast-check';
import type { OrderItem } from '../../orders/orders.contract';
import type { LineAdjustment } from '../../pricing/pricing.types';
import { orders } from './order.arbitraries';
import { LedgerError, unitLedger } from './unit-ledger';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const adj = (
  kind: LineAdjustment['kind'],
  amount: number,
  quantity: number,
  over: Partial<LineAdjustment> = {},
): LineAdjustment => ({
  kind,
  source:
    kind === 'shipping'
      ? { type: 'shipping_quote', id: 'q' }
      : kind === 'tax'
        ? { type: 'tax_rate', id: 'r' }
        : { type: 'promotion', id: 'p' },
  amount,
  perUnit: Math.floor(amount / quantity),
  remainder: amount % quantity,
  ...over,
});
const item = (sku: string, quantity: number, price: number, adjustments: LineAdjustment[] = []): OrderItem => {
  const by = (k: string) => adjustments.filter((a) => a.kind === k).reduce((n, a) => n + a.amount, 0);
  const added = adjustments.filter((a) => a.kind === 'tax' && !a.included).reduce((n, a) => n + a.amount, 0);
  const subtotal = price * quantity;
  return {
    sku,
    productId: `p-${sku}`,
    name: sku,
    quantity,
    unitPrice: usd(price),
    lineTotal: usd(subtotal),
    pricing: {
      subtotal,
      discount: by('discount'),
      shipping: by('shipping'),
      tax: by('tax'),
      total: subtotal - by('discount') + by('shipping') + added,
      adjustments,
    },
  };
};
const totalsOf = (items: OrderItem[]) => ({
  currency: 'USD',
  subtotal: 0,
  discount: 0,
  tax: 0,
  shipping: 0,
  total: items.reduce((n, i) => n + (i.pricing?.total ?? i.lineTotal.amount), 0),
});

describe('unitLedger', () => {
  it('3 units at 1000, 100 off, 10% tax added on 2900: the first unit bears the extra minor unit of each', () => {
    const items = [item('A', 3, 1000, [adj('discount', 100, 3), adj('tax', 290, 3, { rateBps: 1000 })])];
    const ledger = unitLedger({ items, totals: totalsOf(items) });
    expect(ledger.basis).toBe('pricing');
    expect(ledger.lines[0].units.map((u) => [u.discount, u.tax, u.goods])).toEqual([
      [34, 97, 1063],
      [33, 97, 1064],
      [33, 96, 1063],
    ]);
    expect(ledger.total).toBe(3190);
  });

  it('included tax is shown on the unit but never added to what it paid (Medusa #15885)', () => {
    const items = [item('A', 2, 1100, [adj('discount', 200, 2), adj('tax', 182, 2, { rateBps: 1000, included: true })])];
    const [unit] = unitLedger({ items, totals: totalsOf(items) }).lines[0].units;
    expect(unit).toMatchObject({ price: 1100, discount: 100, tax: 91, goods: 1000, paid: 1000 });
  });

  it('separates the shipping share and its tax from the goods', () => {
    // Goods 2000 at 10%, shipping 500 at 20%: two rates, two adjustments on the line.
    const items = [
      item('A', 2, 1000, [
        adj('shipping', 500, 2),
        adj('tax', 200, 2, { rateBps: 1000 }),
        adj('tax', 100, 2, { rateBps: 2000, source: { type: 'tax_rate', id: 's' } }),
      ]),
    ];
    const ledger = unitLedger({ items, totals: totalsOf(items) });
    expect(ledger.lines[0].units[0]).toMatchObject({
      goods: 1100,
      shipping: 250,
      shippingTax: 50,
      shippingPaid: 300,
      paid: 1400,
    });
    expect(ledger.shipping).toBe(600);
  });

  it('falls back to the unit price for lines the order kept no pricing for, and says so', () => {
    const old: OrderItem = { sku: 'B', productId: 'p', name: 'B', quantity: 2, unitPrice: usd(700), lineTotal: usd(1400) };
    const items = [item('A', 1, 1000), old];
    const ledger = unitLedger({ items, totals: totalsOf(items) });
    expect(ledger).toMatchObject({ basis: 'mixed', fallbackSkus: ['B'], total: 2400 });
    expect(ledger.lines[1].units.map((u) => u.paid)).toEqual([700, 700]);
    expect(unitLedger({ items: [old], totals: totalsOf([old]) }).basis).toBe('unit-price');
  });

  it('refuses pricing that does not add up', () => {
    const items = [item('A', 2, 1000, [adj('discount', 100, 2)])];
    expect(() => unitLedger({ items, totals: { ...totalsOf(items), total: 1 } })).toThrow(LedgerError);
    const broken = [item('A', 2, 1000, [{ ...adj('discount', 100, 2), remainder: 1 }])];
    expect(() => unitLedger({ items: broken, totals: totalsOf(broken) })).toThrow(/does not spread/);
  });

  it('property: units sum to their line, lines to the order; no unit amount is negative', () => {
    fc.assert(
      fc.property(orders, (order) => {
        const ledger = unitLedger(order);
        expect(ledger.total).toBe(order.totals.total);
        order.items.forEach((it, i) => {
          const line = ledger.lines[i];
          expect(line.units.reduce((n, u) => n + u.paid, 0)).toBe(it.pricing!.total);
          const shipping = line.units.reduce((n, u) => n + u.shipping, 0);
          // Goods discounts on the units, shipping discounts taken off their shipping share.
          expect(line.units.reduce((n, u) => n + u.discount, 0) + (it.pricing!.shipping - shipping)).toBe(it.pricing!.discount);
          expect(line.units.reduce((n, u) => n + u.tax + u.shippingTax, 0)).toBe(it.pricing!.tax);
          for (const u of line.units) {
            for (const v of [u.discount, u.tax, u.goods, u.shipping, u.shippingTax, u.paid]) expect(v).toBeGreaterThanOrEqual(0);
            expect(u.paid).toBe(u.goods + u.shippingPaid);
          }
          // Four spread amounts (discount, goods tax, shipping, shipping tax), each off by at most one.
          const paid = line.units.map((u) => u.paid);
          expect(Math.max(...paid) - Math.min(...paid)).toBeLessThanOrEqual(4);
        });
        expect(ledger.shipping).toBe(ledger.lines.reduce((n, l) => n + l.units.reduce((m, u) => m + u.shippingPaid, 0), 0));
      }),
    );
  });
});
