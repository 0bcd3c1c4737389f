import type { PriceAnswer } from '../discounts/discounts.contract';
import { priceOrder } from '../pricing/pricing.pipeline';
import { PricingError } from '../pricing/pricing.types';
import type { CartLine, CatalogVariant } from './carts.contract';
import type { CartContents } from './carts.domain';
import { priceCart as priceShown, shownLines } from './carts.pricing.domain';

const promo = { type: 'promotion', id: 'promo-1' } as const;
const rate = { type: 'tax_rate', id: 'rate-us' } as const;

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
  taxClass: 'standard',
  categoryPath: [],
  ...extra,
});
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** The view of `lines` priced locally (no discounts answer), as before promotions existed. */
function priceCart(lines: CartLine[], currency: string | undefined, variants: CatalogVariant[], stock: Record<string, number>) {
  const cart: CartContents = { lines, currency };
  return priceShown(cart, shownLines(cart, variants, stock), null);
}

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
      lineTotal: eur(5997),
      discount: eur(0),
      tax: eur(0),
      adjustments: [],
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
      subtotal: eur(5997 + 1250),
      discount: eur(0),
      tax: eur(0),
      shipping: eur(0),
      total: eur(5997 + 1250),
      itemCount: 3 + 5 + 1 + 1 + 2 + 1,
    });
  });
});

describe('priceCart: totals', () => {
  it('has no currency and no amounts for an empty cart', () => {
    expect(priceCart([], undefined, [], {}).totals).toEqual({
      currency: null,
      subtotal: null,
      discount: null,
      tax: null,
      shipping: null,
      total: null,
      itemCount: 0,
    });
  });

  it('adds amounts that floats would round (0.1 + 0.2 in minor units stays exact)', () => {
    const { totals } = priceCart(
      [line('A', 1), line('B', 1), line('C', 3)],
      'EUR',
      [variant('A', 10), variant('B', 20), variant('C', 33)],
      { A: 1, B: 1, C: 3 },
    );
    expect(totals.subtotal).toEqual(eur(129));
    expect(Number.isInteger(totals.total?.amount)).toBe(true);
  });

  it('sums exactly near the top of the safe integer range and refuses to go past it', () => {
    const big = 2 ** 51;
    const priced = priceCart([line('A', 2), line('B', 1)], 'EUR', [variant('A', big), variant('B', big - 1)], { A: 9, B: 9 });
    expect(priced.totals.subtotal?.amount).toBe(3 * big - 1);
    const over = (q: number, r: number) => () =>
      priceCart([line('A', q), line('B', r)], 'EUR', [variant('A', big), variant('B', big)], { A: 9, B: 9 });
    expect(over(3, 1)).toThrow(expect.objectContaining({ code: 'TOTAL_TOO_LARGE' }));
    expect(() => priceCart([line('A', 4)], 'EUR', [variant('A', big)], {})).toThrow(PricingError);
  });

  it('shows discounts’ answer: line adjustments with codes and rates, Money totals, the promotions applied', () => {
    const cart: CartContents = { lines: [line('A', 2), line('B', 1)], currency: 'EUR', coupons: ['SAVE10', 'OLD'] };
    const variants = [variant('A', 300, { categoryPath: ['c-root', 'c-lamps'], taxClass: 'reduced' }), variant('B', 100)];
    const shown = shownLines(cart, variants, { A: 9, B: 9 });
    const pricing = priceOrder(
      'EUR',
      [
        { sku: 'A', quantity: 2, unitPrice: 300 },
        { sku: 'B', quantity: 1, unitPrice: 100 },
      ],
      {
        orderAdjustments: [() => [{ kind: 'discount', source: promo, amount: 70 }]],
        tax: [
          (ctx) => ctx.lines.map((l) => ({ kind: 'tax' as const, source: rate, amount: Math.round(l.total / 10), sku: l.sku })),
        ],
      },
    );
    const answer: PriceAnswer = {
      pricing,
      applied: [{ promotionId: 'promo-1', version: 3, code: 'SAVE10', name: '10 off', target: 'order', amount: 70 }],
      refusedCodes: [{ code: 'OLD', reason: 'COUPON_EXPIRED', message: 'OLD has expired' }],
      tax: {
        estimated: true,
        pricesIncludeTax: false,
        rates: [{ id: 'rate-us', country: 'US', taxClass: 'standard', rateBps: 1000 }],
      },
    };
    const view = priceShown(cart, shown, answer);
    expect(view.lines.map((l) => l.lineTotal?.amount)).toEqual([600, 100]);
    expect(view.lines[0].adjustments[0]).toEqual({
      kind: 'discount',
      source: { type: 'promotion', id: 'promo-1', code: 'SAVE10' },
      amount: eur(pricing.lines[0].discount),
    });
    expect(view.lines[0].adjustments[1]).toMatchObject({ kind: 'tax', source: rate, rateBps: 1000 });
    expect(view.totals).toMatchObject({ subtotal: eur(700), discount: eur(70), tax: eur(63), total: eur(693) });
    expect(view.promotions).toEqual([{ id: 'promo-1', code: 'SAVE10', name: '10 off', amount: eur(70) }]);
    expect(view.refusedCoupons).toEqual([answer.refusedCodes[0]]);
    expect(view).toMatchObject({ coupons: ['SAVE10', 'OLD'], tax: { estimated: true }, pricing: 'ok' });
  });

  it('prices without promotions or tax when discounts could not answer, and says so', () => {
    const cart: CartContents = { lines: [line('A', 2)], currency: 'EUR', coupons: ['SAVE10'] };
    const view = priceShown(cart, shownLines(cart, [variant('A', 300)], { A: 9 }), null, true);
    expect(view).toMatchObject({ pricing: 'unavailable', promotions: [], tax: { estimated: false } });
    expect(view.totals).toMatchObject({ discount: eur(0), total: eur(600) });
  });
});
