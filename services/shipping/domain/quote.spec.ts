import { addBusinessDays, cartFingerprint, DAY_MS, defaultDeliveryDays, deliveryWindow, type FingerprintInput } from './quote';

const base: FingerprintInput = {
  cartId: 'c1',
  currency: 'USD',
  lines: [
    { sku: 'B', quantity: 1 },
    { sku: 'A', quantity: 2 },
  ],
  address: { country: 'GB', region: 'ENG', postalCode: 'SW1A 1AA' },
  goodsValue: 5_000,
};

describe('cartFingerprint', () => {
  const fp = (over: Partial<FingerprintInput>) => cartFingerprint({ ...base, ...over });

  it('is sha256 hex and ignores line order, case and postcode spacing', () => {
    expect(fp({})).toMatch(/^[0-9a-f]{64}$/);
    expect(fp({ lines: [...base.lines].reverse() })).toBe(fp({}));
    expect(fp({ address: { country: 'gb', region: ' eng', postalCode: 'sw1a1aa' } })).toBe(fp({}));
    expect(
      fp({
        lines: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 1 },
          { sku: 'A', quantity: 1 },
        ],
      }),
    ).toBe(fp({}));
  });

  it.each<[string, Partial<FingerprintInput>]>([
    ['cart', { cartId: 'c2' }],
    ['currency', { currency: 'EUR' }],
    [
      'quantity',
      {
        lines: [
          { sku: 'A', quantity: 3 },
          { sku: 'B', quantity: 1 },
        ],
      },
    ],
    [
      'sku',
      {
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'C', quantity: 1 },
        ],
      },
    ],
    ['country', { address: { ...base.address, country: 'IE' } }],
    ['region', { address: { ...base.address, region: 'SCT' } }],
    ['postcode', { address: { ...base.address, postalCode: 'SW1A 2AA' } }],
    // A coupon can take the cart under a free-over threshold without touching a line.
    ['goods value', { goodsValue: 4_999 }],
  ])('changes with the %s', (_, over) => expect(fp(over)).not.toBe(fp({})));

  it('cannot be forged by moving text between fields', () => {
    expect(fp({ cartId: 'c1', address: { country: 'GB', region: 'E', postalCode: 'NG' } })).not.toBe(
      fp({ cartId: 'c1', address: { country: 'GB', region: 'EN', postalCode: 'G' } }),
    );
  });
});

describe('deliveryWindow', () => {
  const WED = Date.UTC(2026, 11, 2, 15, 30);
  const FRI = Date.UTC(2026, 11, 4, 9);
  const SAT = Date.UTC(2026, 11, 5, 9);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);

  it.each([
    [WED, 0, '2026-12-02'],
    [WED, 2, '2026-12-04'],
    [WED, 3, '2026-12-07'],
    [FRI, 1, '2026-12-07'],
    [SAT, 0, '2026-12-07'],
    [SAT, 1, '2026-12-08'],
    [WED, 10, '2026-12-16'],
  ])('%p + %p business days → %p', (t, n, want) => expect(day(addBusinessDays(t, n))).toBe(want));

  it('keeps the time of day and spans min..max', () => {
    const w = deliveryWindow(WED, { min: 2, max: 5 });
    expect([day(w.from), day(w.to)]).toEqual(['2026-12-04', '2026-12-09']);
    expect(w.from % DAY_MS).toBe(WED % DAY_MS);
  });

  it('defaults per service level', () => {
    expect([defaultDeliveryDays('standard'), defaultDeliveryDays('express'), defaultDeliveryDays('pickup')]).toEqual([
      { min: 2, max: 5 },
      { min: 1, max: 2 },
      { min: 0, max: 1 },
    ]);
  });
});
