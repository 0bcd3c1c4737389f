import { priceOrder } from '../../pricing/pricing.pipeline';
import { goodsRate, pricesIncludeTax, roundHalfUp, shippingRate, taxOn, taxSource } from './tax.domain';
import type { TaxRate } from './tax.types';

const rates: TaxRate[] = [
  { id: 'us', country: 'US', taxClass: 'standard', rateBps: 500 },
  { id: 'us-tx', country: 'US', region: 'TX', taxClass: 'standard', rateBps: 825 },
  { id: 'us-ship', country: 'US', taxClass: 'shipping', rateBps: 100 },
  { id: 'de', country: 'DE', taxClass: 'standard', rateBps: 1900 },
  { id: 'de-red', country: 'DE', taxClass: 'reduced', rateBps: 700 },
];

describe('tax', () => {
  it('rounds half up, once', () => {
    expect([5n, 4n, 15n, 25n, 0n].map((n) => roundHalfUp(n, 10n))).toEqual([1n, 0n, 2n, 3n, 0n]);
    expect(taxOn(1000, 825, false)).toBe(83); // 82.5
    expect(taxOn(1006, 825, false)).toBe(83); // 82.995
    expect(taxOn(1083, 825, true)).toBe(83); // 1083 × 825 / 10825 = 82.54
    expect(taxOn(1190, 1900, true)).toBe(190);
    expect(taxOn(12345, 0, false)).toBe(0);
  });

  it('the most specific rate wins; shipping falls back to standard; zero without a rate is untaxed', () => {
    expect(goodsRate(rates, { country: 'US', region: 'TX' })?.id).toBe('us-tx');
    expect(goodsRate(rates, { country: 'US', region: 'CA' })?.id).toBe('us');
    expect(goodsRate(rates, { country: 'DE' }, 'reduced')?.id).toBe('de-red');
    expect(goodsRate(rates, { country: 'US' }, 'reduced')?.id).toBe('us');
    expect(goodsRate(rates, { country: 'US' }, 'zero')).toBeUndefined();
    expect(goodsRate(rates, { country: 'FR' })).toBeUndefined();
    expect(shippingRate(rates, { country: 'US', region: 'TX' })?.id).toBe('us-ship');
    expect(shippingRate(rates, { country: 'DE' })?.id).toBe('de');
  });

  it('a country setting wins over the currency setting; neither means exclusive', () => {
    const settings = { inclusiveByCurrency: { EUR: true }, inclusiveByCountry: { US: false } };
    expect(pricesIncludeTax(settings, 'EUR', 'DE')).toBe(true);
    expect(pricesIncludeTax(settings, 'EUR', 'US')).toBe(false);
    expect(pricesIncludeTax(settings, 'USD')).toBe(false);
  });

  it('taxes each line after its discount share, and its shipping share at the shipping rate', () => {
    const r = priceOrder(
      'USD',
      [
        { sku: 'A', quantity: 1, unitPrice: 1000 },
        { sku: 'B', quantity: 1, unitPrice: 1000 },
      ],
      {
        orderAdjustments: [() => [{ kind: 'discount', source: { type: 'promotion', id: 'p' }, amount: 300 }]],
        shipping: [() => [{ kind: 'shipping', source: { type: 'shipping_quote', id: 'q' }, amount: 700 }]],
        tax: [
          taxSource({
            rates,
            address: { country: 'US', region: 'TX' },
            inclusive: false,
            classOf: (sku) => (sku === 'B' ? 'zero' : undefined),
          }),
        ],
      },
    );
    // A: 850 goods at 8.25 % = 70.125 → 70; 350 shipping at 1 % = 3.5 → 4. B: zero-rated goods, shipping 4.
    expect(
      r.lines.map((l) => l.adjustments.filter((a) => a.kind === 'tax').map((a) => [a.source.id, a.amount, a.rateBps])),
    ).toEqual([
      [
        ['us-tx', 70, 825],
        ['us-ship', 4, 100],
      ],
      [['us-ship', 4, 100]],
    ]);
    expect(r.totals).toEqual({ subtotal: 2000, discount: 300, shipping: 700, tax: 78, total: 2478 });
  });

  it('adds bases at the same rate before rounding, and inclusive tax does not grow the total', () => {
    const r = priceOrder('EUR', [{ sku: 'A', quantity: 3, unitPrice: 399 }], {
      shipping: [() => [{ kind: 'shipping', source: { type: 'shipping_quote', id: 'q' }, amount: 499 }]],
      tax: [taxSource({ rates, address: { country: 'DE' }, inclusive: true, classOf: () => undefined })],
    });
    // (1197 + 499) × 1900 / 11900 = 270.79 → 271, once; not 191.11 + 79.67 rounded apart (191 + 80).
    expect(r.lines[0].adjustments.filter((a) => a.kind === 'tax')).toEqual([
      {
        kind: 'tax',
        source: { type: 'tax_rate', id: 'de' },
        amount: 271,
        perUnit: 90,
        remainder: 1,
        rateBps: 1900,
        included: true,
      },
    ]);
    expect(r.totals).toEqual({ subtotal: 1197, discount: 0, shipping: 499, tax: 271, total: 1696 });
  });
});
