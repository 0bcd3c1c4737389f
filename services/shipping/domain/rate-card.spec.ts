import fc from 'fast-check';
import type { RateBand, RateCard } from '../shipping.contract';
import { bandFor, countParcels, priceCard, type CartMeasure } from './rate-card';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const cart = (weightG: number, goodsValue = 0, more: Partial<CartMeasure> = {}): CartMeasure => ({
  weightG,
  goodsValue,
  currency: 'USD',
  ...more,
});
const price = (card: RateCard, c: CartMeasure) => priceCard(card, c)?.amount.amount ?? null;

const weightCard: RateCard = {
  type: 'weight',
  bands: [
    { from: 0, to: 1000, amount: usd(500) },
    { from: 1000, to: 2000, amount: usd(800) },
    { from: 2000, to: 5000, amount: usd(1200) },
  ],
};

describe('priceCard', () => {
  it('flat', () => expect(priceCard({ type: 'flat', amount: usd(500) }, cart(300))).toEqual({ amount: usd(500), parcels: 1 }));

  it.each([
    [0, 500],
    [999, 500],
    [1000, 800],
    [1999, 800],
    [2000, 1200],
    [4999, 1200],
    [5000, null],
  ])('weight bands are [from, to): %p g → %p', (g, want) => expect(price(weightCard, cart(g))).toBe(want));

  it('value bands, an open last band', () => {
    const card: RateCard = {
      type: 'value',
      bands: [
        { from: 0, to: 5000, amount: usd(700) },
        { from: 5000, amount: usd(300) },
      ],
    };
    expect([price(card, cart(0, 4999)), price(card, cart(0, 5000)), price(card, cart(0, 1e9))]).toEqual([700, 300, 300]);
  });

  it('free over a threshold: free at the threshold, charged one below', () => {
    const card: RateCard = {
      type: 'free_over',
      amount: usd(600),
      threshold: usd(5000),
      perExtraParcel: usd(100),
      conditions: { maxParcelWeightG: 1000 },
    };
    expect(price(card, cart(2500, 4999))).toBe(600 + 2 * 100);
    expect(priceCard(card, cart(2500, 5000))).toEqual({ amount: usd(0), parcels: 3 });
  });

  it('a surcharge per parcel beyond the first', () => {
    const card: RateCard = { type: 'flat', amount: usd(500), perExtraParcel: usd(250), conditions: { maxParcelWeightG: 2000 } };
    expect(priceCard(card, cart(2000))).toEqual({ amount: usd(500), parcels: 1 });
    expect(priceCard(card, cart(2001))).toEqual({ amount: usd(750), parcels: 2 });
    expect(priceCard(card, cart(0))).toEqual({ amount: usd(500), parcels: 1 });
    expect(priceCard(card, cart(3000, 0, { parcelWeightsG: [2500, 250, 250] }))).toEqual({ amount: usd(750), parcels: 2 });
  });

  it('conditions exclude the cart (the method is not offered): bounds inclusive', () => {
    const card: RateCard = {
      type: 'flat',
      amount: usd(500),
      conditions: { maxWeightG: 30000, minValue: usd(1000), maxValue: usd(90000) },
    };
    expect(price(card, cart(30000, 1000))).toBe(500);
    expect(price(card, cart(30001, 1000))).toBeNull();
    expect(price(card, cart(10, 999))).toBeNull();
    expect(price(card, cart(10, 90001))).toBeNull();
    expect(price({ type: 'flat', amount: usd(1), conditions: { minWeightG: 100 } }, cart(99))).toBeNull();
  });

  it('another currency is never priced', () => {
    expect(priceCard({ type: 'flat', amount: usd(500) }, cart(1, 1, { currency: 'EUR' }))).toBeNull();
    expect(priceCard({ type: 'weight', bands: [] }, cart(1))).toBeNull();
  });
});

describe('countParcels', () => {
  it.each<[number, number | undefined, number[] | undefined, number]>([
    [5000, undefined, undefined, 1],
    [0, 1000, undefined, 1],
    [1000, 1000, undefined, 1],
    [1001, 1000, undefined, 2],
    [3000, 1000, [1500, 1500], 2],
    [2500, 1000, [1500, 500, 500], 2],
    [2501, 1000, [1500, 500, 501], 3],
  ])('%p g, max %p, units %j → %p', (w, max, units, want) => expect(countParcels(w, max, units)).toBe(want));
});

describe('bands: property', () => {
  const bandsArb = fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }).map((widths) => {
    let from = 0;
    return widths.map((w, i): RateBand => {
      const b = { from, to: from + w, amount: usd(i) };
      from += w;
      return b;
    });
  });

  it('each edge belongs to the band it starts (from-inclusive), never to the one it ends (to-exclusive)', () => {
    fc.assert(
      fc.property(bandsArb, (bands) => {
        bands.forEach((b, i) => {
          expect(bandFor(bands, b.from)).toBe(b);
          expect(bandFor(bands, b.to! - 1)).toBe(b);
          expect(bandFor(bands, b.to!)).toBe(bands[i + 1]);
        });
      }),
    );
  });

  it('every weight below the last edge is in exactly one band', () => {
    fc.assert(
      fc.property(bandsArb, fc.nat(40000), (bands, x) => {
        const holding = bands.filter((b) => x >= b.from && x < b.to!);
        expect(holding.length).toBe(x < bands[bands.length - 1].to! ? 1 : 0);
        expect(bandFor(bands, x)).toBe(holding[0]);
      }),
    );
  });
});
