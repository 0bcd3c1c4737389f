import fc from 'fast-check';
import { priceOrder } from './pricing.pipeline';
import { PricingError, type AdjustmentSource, type PricedLineResult } from './pricing.types';

const promo = { type: 'promotion', id: 'promo-1' } as const;
const quote = { type: 'shipping_quote', id: 'quote-1' } as const;
const rate = { type: 'tax_rate', id: 'vat-20' } as const;
const lines = fc.array(
  fc.record({
    sku: fc.string({ minLength: 1, maxLength: 4 }),
    quantity: fc.integer({ min: 1, max: 99 }),
    unitPrice: fc.integer({ min: 0, max: 10 ** 7 }),
  }),
  { minLength: 1, maxLength: 12 },
);
const unitsOf = (l: PricedLineResult, kind: string) =>
  l.adjustments.filter((a) => a.kind === kind).reduce((n, a) => n + a.perUnit * l.quantity + a.remainder, 0);

describe('pricing pipeline', () => {
  it('with no sources the lines are price × quantity and the totals their sum', () => {
    const result = priceOrder('EUR', [
      { sku: 'A', quantity: 2, unitPrice: 1250 },
      { sku: 'B', quantity: 3, unitPrice: 990 },
    ]);
    expect(result.lines.map((l) => [l.subtotal, l.total, l.adjustments])).toEqual([
      [2500, 2500, []],
      [2970, 2970, []],
    ]);
    expect(result.totals).toEqual({ subtotal: 5470, discount: 0, shipping: 0, tax: 0, total: 5470 });
  });

  it('runs the stages in order, each source seeing the lines as priced so far, each adjustment naming its source', () => {
    const seen: number[][] = [];
    const spy =
      (out: ReturnType<AdjustmentSource>): AdjustmentSource =>
      (ctx) => (seen.push(ctx.lines.map((l) => l.total)), out);
    const result = priceOrder(
      'EUR',
      [
        { sku: 'A', quantity: 3, unitPrice: 1000 },
        { sku: 'B', quantity: 1, unitPrice: 1000 },
      ],
      {
        tax: [spy([{ kind: 'tax', source: rate, amount: 250, sku: 'B' }])],
        shipping: [spy([{ kind: 'shipping', source: quote, amount: 500 }])],
        orderAdjustments: [spy([{ kind: 'discount', source: promo, amount: 1000 }])],
        lineAdjustments: [spy([{ kind: 'discount', source: promo, amount: 100, sku: 'A' }])],
      },
    );
    expect(seen).toEqual([
      [3000, 1000],
      [2900, 1000],
      [2156, 744],
      [2528, 872],
    ]);
    expect(result.lines[0].adjustments).toEqual([
      { kind: 'discount', source: promo, amount: 100, perUnit: 33, remainder: 1 },
      { kind: 'discount', source: promo, amount: 744, perUnit: 248, remainder: 0 },
      { kind: 'shipping', source: quote, amount: 372, perUnit: 124, remainder: 0 },
    ]);
    expect(result.totals).toEqual({ subtotal: 4000, discount: 1100, shipping: 500, tax: 250, total: 3650 });
  });

  it('discounts shipping after it is on the lines, and shows an included tax without adding it', () => {
    const result = priceOrder('EUR', [{ sku: 'A', quantity: 2, unitPrice: 600 }], {
      shipping: [() => [{ kind: 'shipping', source: quote, amount: 500 }]],
      shippingAdjustments: [(ctx) => [{ kind: 'discount', source: promo, amount: ctx.lines[0].shipping, sku: 'A' }]],
      tax: [() => [{ kind: 'tax', source: rate, amount: 200, sku: 'A', rateBps: 2000, included: true }]],
    });
    expect(result.lines[0].adjustments.slice(1)).toEqual([
      { kind: 'discount', source: promo, amount: 500, perUnit: 250, remainder: 0 },
      { kind: 'tax', source: rate, amount: 200, perUnit: 100, remainder: 0, rateBps: 2000, included: true },
    ]);
    expect(result.totals).toEqual({ subtotal: 1200, discount: 500, shipping: 500, tax: 200, total: 1200 });
  });

  it('totals are the sum of the lines, and every allocated amount lands on the lines exactly', () => {
    fc.assert(
      fc.property(lines, fc.nat(), fc.nat({ max: 10 ** 6 }), fc.nat({ max: 30 }), (ls, d, ship, pct) => {
        const subtotal = ls.reduce((n, l) => n + l.quantity * l.unitPrice, 0);
        const discount = subtotal === 0 ? 0 : d % (subtotal + 1);
        const r = priceOrder('EUR', ls, {
          orderAdjustments: [() => [{ kind: 'discount', source: promo, amount: discount }]],
          shipping: [() => [{ kind: 'shipping', source: quote, amount: ship }]],
          tax: [
            (ctx) => ctx.lines.map((l) => ({ kind: 'tax', source: rate, sku: l.sku, amount: Math.floor((l.total * pct) / 100) })),
          ],
        });
        for (const k of ['subtotal', 'discount', 'shipping', 'tax', 'total'] as const)
          expect(r.totals[k]).toBe(r.lines.reduce((n, l) => n + l[k], 0));
        expect(r.totals.discount).toBe(discount);
        expect(r.totals.shipping).toBe(ship);
        for (const l of r.lines) {
          expect(l.total).toBe(l.subtotal - l.discount + l.shipping + l.tax);
          expect(l.total).toBeGreaterThanOrEqual(0);
          for (const kind of ['discount', 'shipping', 'tax'] as const) expect(unitsOf(l, kind)).toBe(l[kind]);
        }
      }),
    );
  });

  it('refuses what would round or go negative, naming the line', () => {
    const one = [{ sku: 'A', quantity: 1, unitPrice: 10 }];
    const discount =
      (amount: number, sku?: string): AdjustmentSource =>
      () => [{ kind: 'discount', source: promo, amount, sku }];
    expect(() => priceOrder('EUR', [{ sku: 'A', quantity: 1, unitPrice: 1.5 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
    expect(() => priceOrder('EUR', [{ sku: 'A', quantity: 0, unitPrice: 1 }])).toThrow(PricingError);
    expect(() => priceOrder('EUR', [{ sku: 'A', quantity: 2, unitPrice: 2 ** 53 - 1 }])).toThrow(
      expect.objectContaining({ code: 'TOTAL_TOO_LARGE' }),
    );
    expect(() => priceOrder('EUR', one, { lineAdjustments: [discount(11, 'A')] })).toThrow(
      expect.objectContaining({ code: 'ADJUSTMENT_TOO_LARGE', data: { sku: 'A' } }),
    );
    expect(() => priceOrder('EUR', one, { lineAdjustments: [discount(1, 'Z')] })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_LINE' }),
    );
    expect(() => priceOrder('EUR', one, { tax: [discount(1)] })).toThrow(PricingError);
  });
});
