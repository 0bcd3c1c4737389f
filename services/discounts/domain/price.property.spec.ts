import fc from 'fast-check';
import type { PricedLineResult } from '../../pricing/pricing.types';
import type { PriceAnswer, PriceRequest } from '../discounts.contract';
import { lines, promotions, RATES, requests } from './price.arbitraries';
import { priceWithDiscounts } from './price.domain';
import { inputs, promo } from './price.fixtures';
import type { Promotion } from './promotion.types';
import { goodsRate, shippingLeft, shippingRate } from './tax.domain';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const discountsOn = (l: PricedLineResult) => sum(l.adjustments.filter((a) => a.kind === 'discount').map((a) => a.amount));
const price = (r: PriceRequest, ps: Promotion[], inclusive = false) =>
  priceWithDiscounts(r, inputs(ps, { rates: RATES, settings: { inclusiveByCurrency: { USD: inclusive } } }));

/** Each line's tax at each rate is its base at that rate × bps, rounded half up once (within half a minor unit). */
function expectTaxPerRate(r: PriceRequest, a: PriceAnswer): void {
  const inclusive = a.tax.pricesIncludeTax;
  for (const l of a.pricing.lines) {
    const ship = shippingLeft(l);
    const bases = new Map<string, { bps: number; base: number }>();
    const add = (rate: (typeof RATES)[number] | undefined, base: number) =>
      rate && bases.set(rate.id, { bps: rate.rateBps, base: (bases.get(rate.id)?.base ?? 0) + base });
    if (r.address) {
      const line = r.lines.find((x) => x.sku === l.sku)!;
      add(goodsRate(RATES, r.address, line.taxClass), l.subtotal - l.discount + l.shipping - ship);
      add(shippingRate(RATES, r.address), ship);
    }
    const taxes = l.adjustments.filter((x) => x.kind === 'tax');
    for (const t of taxes) expect(bases.has(t.source.id)).toBe(true);
    for (const [id, { bps, base }] of bases) {
      const tax = BigInt(taxes.find((t) => t.source.id === id)?.amount ?? 0);
      const d = inclusive ? 10000n + BigInt(bps) : 10000n;
      const off = tax * d - BigInt(base) * BigInt(bps);
      expect(2n * (off < 0n ? -off : off) <= d).toBe(true);
      // Half up exactly: an exact half goes up, so the error is never −half.
      expect(2n * off).not.toBe(-d);
    }
  }
}

describe('pricing with promotions and tax (properties)', () => {
  it('line discounts sum exactly to the order discount and each promotion amount; nothing negative; tax per line per rate', () => {
    fc.assert(
      fc.property(requests, promotions, fc.boolean(), (r, ps, inclusive) => {
        const a = price(r, ps, inclusive);
        const { lines: ls, totals } = a.pricing;
        expect(totals.discount).toBe(sum(ls.map((l) => l.discount)));
        expect(totals.discount).toBe(sum(a.applied.map((x) => x.amount)));
        for (const x of a.applied)
          expect(
            sum(ls.flatMap((l) => l.adjustments.filter((ad) => ad.source.id === x.promotionId).map((ad) => ad.amount))),
          ).toBe(x.amount);
        for (const l of ls) {
          expect(discountsOn(l)).toBe(l.discount);
          expect(shippingLeft(l)).toBeGreaterThanOrEqual(0);
          expect(l.subtotal - l.discount + l.shipping - shippingLeft(l)).toBeGreaterThanOrEqual(0);
          expect(l.total).toBe(l.subtotal - l.discount + l.shipping + (inclusive ? 0 : l.tax));
        }
        expect(totals.shipping).toBe(r.shipping?.amount ?? 0);
        expectTaxPerRate(r, a);
      }),
    );
  });

  it('is deterministic, whatever order the candidates come in', () => {
    fc.assert(
      fc.property(requests, promotions, fc.boolean(), (r, ps, inclusive) => {
        const a = price(r, ps, inclusive);
        expect(price(r, ps, inclusive)).toEqual(a);
        expect(price(r, [...ps].reverse(), inclusive)).toEqual(a);
      }),
    );
  });

  it('one order promotion: exactly its amount, each line within one minor unit of its proportional share', () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 1, max: 10000 }), (ls, bps) => {
        const r: PriceRequest = { currency: 'USD', lines: ls, codes: [], at: 0 };
        const a = price(r, [promo('p', { actions: [{ type: 'percentage', percent: bps / 100 }] })]);
        const subtotal = BigInt(a.pricing.totals.subtotal);
        const d = BigInt(a.pricing.totals.discount);
        expect(d).toBe((subtotal * BigInt(bps)) / 10000n);
        for (const l of a.pricing.lines) {
          const off = BigInt(l.discount) * subtotal - d * BigInt(l.subtotal);
          expect(off < 0n ? -off < subtotal || subtotal === 0n : off < subtotal || subtotal === 0n).toBe(true);
        }
        if (bps === 10000) expect(a.pricing.totals.total).toBe(0);
      }),
    );
  });
});
