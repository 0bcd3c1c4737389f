import type { CartLine, CatalogVariant } from './carts.contract';
import { PricingError } from '../pricing/pricing.types';
import { priceCart } from './carts.pricing.domain';

const promo = { type: 'promotion', id: 'promo-1' } as const;

const line = (sku: string, quantity: number): CartLine => ({
  sku,
  productId: `p-${sku}`,
  name: `Old ${sku}`,
  quantity,
  addedAt: 1,
});
const variant = (sku: string, amount: number | null, extra: Partial<CatalogVariant> = {}): CatalogVariant => ({
  sku,
  productId: `p-${sku}`,
  productName: `Name ${sku}`,
  slug: sku.toLowerCase(),
  productStatus: 'active',
  price: amount === null ? null : { amount, currency: 'EUR' },
  attributes: {},
  ...extra,
});

describe('priceCart: lines', () => {
  const lines = [line('OK', 3), line('LOW', 5), line('GONE', 1), line('DRAFT', 1), line('NOPRICE', 2), line('USD', 1)];
  const variants = [
    variant('OK', 1999),
    variant('LOW', 250),
    variant('DRAFT', 100, { productStatus: 'archived' }),
    variant('NOPRICE', null),
    variant('USD', 100, { price: { amount: 100, currency: 'USD' } }),
  ];
  const cart = priceCart(lines, 'EUR', variants, { OK: 10, LOW: 2, NOPRICE: 9, USD: 4 });
  const priced = cart.lines;
  const bySku = Object.fromEntries(priced.map((l) => [l.sku, l]));

  it('prices available lines at the current price with an integer line total', () => {
    expect(bySku.OK).toEqual({
      sku: 'OK',
      productId: 'p-OK',
      name: 'Name OK',
      quantity: 3,
      unitPrice: { amount: 1999, currency: 'EUR' },
      lineTotal: { amount: 5997, currency: 'EUR' },
      available: 10,
      status: 'ok',
    });
  });

  it('marks short stock but keeps the price; unknown SKUs have 0 available', () => {
    expect(bySku.LOW).toMatchObject({ status: 'insufficient_stock', available: 2, lineTotal: { amount: 1250, currency: 'EUR' } });
    expect(bySku.GONE).toMatchObject({ status: 'unavailable', available: 0, unitPrice: null, lineTotal: null, name: 'Old GONE' });
  });

  it('marks lines the catalog no longer sells, or cannot price in the cart’s currency', () => {
    expect(bySku.DRAFT).toMatchObject({ status: 'unavailable', unitPrice: null, lineTotal: null });
    expect(bySku.NOPRICE).toMatchObject({ status: 'price_missing', unitPrice: null, lineTotal: null, available: 9 });
    expect(bySku.USD).toMatchObject({ status: 'price_missing', unitPrice: null });
  });

  it('totals the priced lines and counts every unit, in integers', () => {
    expect(cart.totals).toEqual({
      currency: 'EUR',
      subtotal: 5997 + 1250,
      discount: 0,
      tax: 0,
      shipping: 0,
      total: 5997 + 1250,
      itemCount: 3 + 5 + 1 + 1 + 2 + 1,
    });
  });
});

describe('priceCart: totals', () => {
  it('is all zeros without a currency for an empty cart', () => {
    expect(priceCart([], undefined, [], {}).totals).toEqual({
      currency: null,
      subtotal: 0,
      discount: 0,
      tax: 0,
      shipping: 0,
      total: 0,
      itemCount: 0,
    });
  });

  it('adds amounts that floats would round (0.1 + 0.2 in minor units stays exact)', () => {
    const { totals } = priceCart(
      [line('A', 1), line('B', 1), line('C', 3)],
      'EUR',
      [variant('A', 10), variant('B', 20), variant('C', 33)],
      {
        A: 1,
        B: 1,
        C: 3,
      },
    );
    expect(totals.subtotal).toBe(129);
    expect(Number.isInteger(totals.total)).toBe(true);
  });

  it('sums exactly near the top of the safe integer range and refuses to go past it', () => {
    const big = 2 ** 51;
    const priced = priceCart([line('A', 2), line('B', 1)], 'EUR', [variant('A', big), variant('B', big - 1)], { A: 9, B: 9 });
    expect(priced.totals.subtotal).toBe(3 * big - 1);
    const over = (q: number, r: number) => () =>
      priceCart([line('A', q), line('B', r)], 'EUR', [variant('A', big), variant('B', big)], { A: 9, B: 9 });
    expect(over(3, 1)).toThrow(expect.objectContaining({ code: 'TOTAL_TOO_LARGE' }));
    expect(() => priceCart([line('A', 4)], 'EUR', [variant('A', big)], {})).toThrow(PricingError);
  });

  it('takes adjustments from the pipeline’s sources: the totals move, the line totals stay price × quantity', () => {
    const { lines, totals } = priceCart(
      [line('A', 2), line('B', 1)],
      'EUR',
      [variant('A', 300), variant('B', 100)],
      {},
      {
        orderAdjustments: [() => [{ kind: 'discount', source: promo, amount: 70 }]],
      },
    );
    expect(lines.map((l) => l.lineTotal?.amount)).toEqual([600, 100]);
    expect(totals).toMatchObject({ subtotal: 700, discount: 70, total: 630 });
  });
});
