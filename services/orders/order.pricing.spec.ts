import { PricingError } from '../pricing/pricing.types';
import { priceItems } from './order.pricing';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const item = (sku: string, amount: number, quantity: number, currency = 'EUR') => ({
  sku,
  productId: `p-${sku}`,
  name: sku,
  quantity,
  unitPrice: { amount, currency },
});
const promo = { type: 'promotion', id: 'spring' } as const;

describe('order pricing', () => {
  it('adds the price snapshot in integer minor units, with zero discount, tax and shipping lines present', () => {
    const { totals } = priceItems([item('A', 1250, 2), item('B', 990, 3), item('C', 1, 1)], 'EUR');
    expect(totals).toEqual({ currency: 'EUR', subtotal: 2500 + 2970 + 1, discount: 0, tax: 0, shipping: 0, total: 5471 });
  });

  it('never goes through floats: amounts that would lose cents in binary floating point stay exact', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(`S${i}`, 10, 1));
    expect(priceItems(items, 'EUR').totals.total).toBe(100);
    expect(priceItems([item('A', 333_333_333, 27)], 'EUR').items[0].lineTotal).toEqual(eur(8_999_999_991));
  });

  it('keeps per line what each unit paid, with the source of every adjustment', () => {
    const { items, totals } = priceItems([item('A', 1000, 3), item('B', 500, 1)], 'EUR', {
      orderAdjustments: [() => [{ kind: 'discount', source: promo, amount: 350 }]],
    });
    expect(items.map((i) => i.pricing!.discount)).toEqual([300, 50]);
    expect(items[0].pricing!.adjustments).toEqual([{ kind: 'discount', source: promo, amount: 300, perUnit: 100, remainder: 0 }]);
    expect(items[0].lineTotal).toEqual(eur(3000));
    expect(totals).toMatchObject({ subtotal: 3500, discount: 350, total: 3150 });
  });

  it('refuses a line in another currency', () => {
    expect(() => priceItems([item('USD-1', 5, 1, 'USD')], 'EUR')).toThrow(
      expect.objectContaining({ type: 'CURRENCY_MISMATCH', status: 409 }),
    );
  });

  it('refuses amounts that are not safe whole numbers', () => {
    for (const bad of [
      () => priceItems([item('A', 10.5, 1)], 'EUR'),
      () => priceItems([item('A', 10, 0)], 'EUR'),
      () => priceItems([item('A', 10, 1.5)], 'EUR'),
      () => priceItems([item('A', Number.MAX_SAFE_INTEGER, 2)], 'EUR'),
      () => priceItems([item('X', -1, 1)], 'EUR'),
    ])
      expect(bad).toThrow(PricingError);
  });

  it('an empty order totals zero', () => {
    expect(priceItems([], 'EUR').totals).toEqual({ currency: 'EUR', subtotal: 0, discount: 0, tax: 0, shipping: 0, total: 0 });
  });
});
