import { OrderRuleError } from './orders.errors';
import { lineTotal, orderTotals } from './orders.totals';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('order totals', () => {
  it('adds the price snapshot in integer minor units, with zero discount, tax and shipping lines present', () => {
    const totals = orderTotals(
      [
        { sku: 'A', unitPrice: eur(1250), quantity: 2 },
        { sku: 'B', unitPrice: eur(990), quantity: 3 },
        { sku: 'C', unitPrice: eur(1), quantity: 1 },
      ],
      'EUR',
    );
    expect(totals).toEqual({ currency: 'EUR', subtotal: 2500 + 2970 + 1, discount: 0, tax: 0, shipping: 0, total: 5471 });
  });

  it('never goes through floats: amounts that would lose cents in binary floating point stay exact', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ sku: `S${i}`, unitPrice: eur(10), quantity: 1 }));
    expect(orderTotals(items, 'EUR').total).toBe(100);
    expect(lineTotal(eur(333_333_333), 27)).toEqual(eur(8_999_999_991));
  });

  it('refuses a line in another currency', () => {
    expect(() => orderTotals([{ sku: 'USD-1', unitPrice: { amount: 5, currency: 'USD' }, quantity: 1 }], 'EUR')).toThrow(
      expect.objectContaining({ type: 'CURRENCY_MISMATCH', status: 409 }),
    );
  });

  it('refuses amounts that are not safe whole numbers', () => {
    for (const bad of [
      () => lineTotal(eur(10.5), 1),
      () => lineTotal(eur(10), 0),
      () => lineTotal(eur(10), 1.5),
      () => lineTotal(eur(Number.MAX_SAFE_INTEGER), 2),
      () => orderTotals([{ sku: 'X', unitPrice: eur(-1), quantity: 1 }], 'EUR'),
    ])
      expect(bad).toThrow(OrderRuleError);
  });

  it('an empty order totals zero', () => {
    expect(orderTotals([], 'EUR')).toEqual({ currency: 'EUR', subtotal: 0, discount: 0, tax: 0, shipping: 0, total: 0 });
  });
});
