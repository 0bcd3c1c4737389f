import { bucketOf, PRICE_EDGES } from './products.listing.domain';

describe('price buckets', () => {
  it('put an amount in the bucket whose lower edge is the highest one at or below it; the top bucket is open-ended', () => {
    expect([0, 999, 1000, 2499, 2500, 499_999, 500_000, 9_000_000].map(bucketOf)).toEqual([
      0, 0, 1000, 1000, 2500, 250_000, 500_000, 500_000,
    ]);
  });

  it('have ascending edges starting at zero, so every amount has one bucket', () => {
    expect(PRICE_EDGES[0]).toBe(0);
    expect(PRICE_EDGES.every((e, i) => i === 0 || e > PRICE_EDGES[i - 1])).toBe(true);
  });
});
