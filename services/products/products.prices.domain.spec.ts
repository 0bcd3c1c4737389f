import {
  boundariesOf,
  epochAt,
  mergeBoundaries,
  priceAt,
  priceRangeOf,
  pricesOf,
  productCurrency,
  scheduleProblems,
} from './products.prices.domain';

const usd = (amount: number, window: { from?: number; to?: number } = {}) => ({ amount, currency: 'USD', ...window });

describe('price schedules', () => {
  describe('priceAt', () => {
    const schedule = [usd(1000), usd(800, { from: 100, to: 200 }), usd(900, { from: 300 })];

    it('answers the base price outside every window', () => {
      expect(priceAt(schedule, 0)).toEqual({ amount: 1000, currency: 'USD' });
      expect(priceAt(schedule, 250)).toEqual({ amount: 1000, currency: 'USD' });
    });

    it('lets a scheduled price win while its window [from, to) holds', () => {
      expect(priceAt(schedule, 99)!.amount).toBe(1000);
      expect(priceAt(schedule, 100)!.amount).toBe(800);
      expect(priceAt(schedule, 199)!.amount).toBe(800);
      expect(priceAt(schedule, 200)!.amount).toBe(1000);
    });

    it('keeps an open-ended scheduled price from its start on', () => {
      expect(priceAt(schedule, 300)!.amount).toBe(900);
      expect(priceAt(schedule, 1e15)!.amount).toBe(900);
    });

    it('answers null when nothing is in effect', () => {
      expect(priceAt([usd(500, { from: 100, to: 200 })], 50)).toBeNull();
      expect(priceAt([usd(500, { to: 100 })], 100)).toBeNull();
      expect(priceAt([usd(500, { to: 100 })], 99)!.amount).toBe(500);
      expect(priceAt([], 0)).toBeNull();
    });

    it('returns plain money, without the window', () => {
      expect(priceAt([usd(800, { from: 1, to: 5 })], 2)).toEqual({ amount: 800, currency: 'USD' });
    });
  });

  describe('scheduleProblems', () => {
    it('accepts a base price with windows that touch but do not overlap', () => {
      expect(
        scheduleProblems([usd(1), usd(2, { from: 10, to: 20 }), usd(3, { from: 20, to: 30 }), usd(4, { from: 30 })]),
      ).toEqual([]);
      expect(scheduleProblems([usd(2, { to: 10 }), usd(3, { from: 10 })])).toEqual([]);
    });

    it('needs at least one price and at most one open-ended base', () => {
      expect(scheduleProblems([])).toEqual([{ field: 'prices', message: expect.stringMatching(/at least one/) }]);
      expect(scheduleProblems([usd(1), usd(2)])).toEqual([
        { field: 'prices[1]', message: expect.stringMatching(/one price may be open-ended/) },
      ]);
    });

    it('refuses empty or reversed windows', () => {
      expect(scheduleProblems([usd(1, { from: 10, to: 10 })], 'p')).toEqual([
        { field: 'p[0].to', message: 'to must be after from.' },
      ]);
      expect(scheduleProblems([usd(1, { from: 10, to: 5 })]).map((p) => p.field)).toEqual(['prices[0].to']);
    });

    it('refuses overlapping windows, also against a long earlier window', () => {
      expect(scheduleProblems([usd(1, { from: 0, to: 100 }), usd(2, { from: 50, to: 60 })]).map((p) => p.field)).toEqual([
        'prices[1].from',
      ]);
      const longFirst = [usd(1, { from: 0, to: 100 }), usd(2, { from: 10, to: 20 }), usd(3, { from: 30, to: 40 })];
      expect(scheduleProblems(longFirst).map((p) => p.field)).toEqual(['prices[1].from', 'prices[2].from']);
      expect(scheduleProblems([usd(1, { to: 50 }), usd(2, { to: 60 })]).map((p) => p.field)).toEqual(['prices[1].from']);
      expect(scheduleProblems([usd(1, { from: 50 }), usd(2, { from: 60, to: 70 })]).map((p) => p.field)).toEqual([
        'prices[1].from',
      ]);
    });

    it('refuses a second currency', () => {
      expect(scheduleProblems([usd(1), { amount: 2, currency: 'EUR', from: 5 }])).toEqual([
        { field: 'prices[1].currency', message: 'All prices of a product share one currency.' },
      ]);
    });
  });

  describe('stored variants', () => {
    it('read a legacy single price as the open-ended base', () => {
      expect(pricesOf({ sku: 'A', price: { amount: 5, currency: 'EUR' } })).toEqual([{ amount: 5, currency: 'EUR' }]);
      expect(pricesOf({ sku: 'A', prices: [usd(7)], price: { amount: 5, currency: 'EUR' } })).toEqual([usd(7)]);
      expect(pricesOf({ sku: 'A' })).toEqual([]);
    });

    it('have one currency per product, or none', () => {
      expect(
        productCurrency([
          { sku: 'A', prices: [usd(1)] },
          { sku: 'B', price: { amount: 1, currency: 'USD' } },
        ]),
      ).toBe('USD');
      expect(
        productCurrency([
          { sku: 'A', prices: [usd(1)] },
          { sku: 'B', price: { amount: 1, currency: 'EUR' } },
        ]),
      ).toBeNull();
    });
  });

  describe('boundaries and epochs', () => {
    const variants = [
      { sku: 'A', prices: [usd(1), usd(2, { from: 300, to: 500 })] },
      { sku: 'B', prices: [usd(3, { to: 300 }), usd(4, { from: 100 })] },
      { sku: 'C', price: { amount: 9, currency: 'USD' } },
    ];

    it('lists every from and to once, sorted', () => {
      expect(boundariesOf(variants)).toEqual([100, 300, 500]);
      expect(mergeBoundaries([[5, 9], [1, 5], []])).toEqual([1, 5, 9]);
    });

    it('is the latest boundary at or before now, 0 before the first', () => {
      const b = [100, 300, 500];
      expect([0, 99, 100, 299, 300, 499, 500, 1e13].map((now) => epochAt(b, now))).toEqual([0, 0, 100, 100, 300, 300, 500, 500]);
      expect(epochAt([], 123)).toBe(0);
    });

    it('gives the same prices anywhere between an epoch and the next boundary', () => {
      const b = boundariesOf(variants);
      for (const now of [0, 50, 100, 250, 300, 420, 500, 9_999]) {
        const epoch = epochAt(b, now);
        for (const v of variants) expect(priceAt(pricesOf(v), epoch)).toEqual(priceAt(pricesOf(v), now));
      }
    });
  });

  it('ranges over present prices', () => {
    expect(priceRangeOf([usd(5), null, usd(2)])).toEqual({ min: 2, max: 5, currency: 'USD' });
    expect(priceRangeOf([null])).toBeNull();
  });
});
