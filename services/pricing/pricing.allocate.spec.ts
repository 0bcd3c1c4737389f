import fc from 'fast-check';
import { allocate, perUnit } from './pricing.allocate';
import { PricingError } from './pricing.types';

const amount = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const weights = fc.array(fc.integer({ min: 0, max: 10 ** 12 }), { minLength: 1, maxLength: 30 });

describe('allocate (largest remainder)', () => {
  it('always sums exactly to the amount, and no share is negative', () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const shares = allocate(a, ws);
        expect(shares).toHaveLength(ws.length);
        expect(shares.every((s) => Number.isSafeInteger(s) && s >= 0)).toBe(true);
        expect(shares.reduce((n, s) => n + BigInt(s), 0n)).toBe(BigInt(a));
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(amount, weights, (a, ws) => expect(allocate(a, ws)).toEqual(allocate(a, [...ws]))));
  });

  it('each share is within 1 minor unit of its exact proportional part', () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const shares = allocate(a, ws);
        const eff = ws.some((w) => w > 0) ? ws.map(BigInt) : ws.map(() => 1n);
        const sum = eff.reduce((x, y) => x + y, 0n);
        // |share × Σw − amount × w| < Σw, kept in integers so the check itself cannot round.
        shares.forEach((s, i) => {
          const diff = BigInt(s) * sum - BigInt(a) * eff[i];
          expect(diff < sum && diff > -sum).toBe(true);
        });
      }),
    );
  });

  it('gives the leftover units to the largest remainders, ties to the earliest line', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [1, 2, 2])).toEqual([2, 4, 4]);
    expect(allocate(1, [3, 3])).toEqual([1, 0]);
    expect(allocate(7, [0, 0])).toEqual([4, 3]);
    expect(allocate(5, [0, 1])).toEqual([0, 5]);
  });

  it('refuses fractions, negatives and an amount with nowhere to go', () => {
    expect(() => allocate(1.5, [1])).toThrow(PricingError);
    expect(() => allocate(-1, [1])).toThrow(PricingError);
    expect(() => allocate(1, [-1, 2])).toThrow(PricingError);
    expect(() => allocate(1, [])).toThrow(PricingError);
    expect(allocate(0, [])).toEqual([]);
  });
});

describe('perUnit', () => {
  it('what the units bear adds back to the amount, no unit bearing more than one minor unit over another', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 10_000 }), (a, q) => {
        const { perUnit: each, remainder } = perUnit(a, q);
        expect(remainder >= 0 && remainder < q).toBe(true);
        expect(BigInt(each) * BigInt(q) + BigInt(remainder)).toBe(BigInt(a));
      }),
    );
  });
});
