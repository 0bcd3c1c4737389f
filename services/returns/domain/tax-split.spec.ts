import type { LineAdjustment } from '../../pricing/pricing.types';
import { splitTax } from './tax-split';

const tax = (amount: number, rateBps?: number, included = false): LineAdjustment => ({
  kind: 'tax',
  source: { type: 'tax_rate', id: 'r' },
  amount,
  perUnit: amount,
  remainder: 0,
  ...(rateBps === undefined ? {} : { rateBps }),
  ...(included ? { included } : {}),
});

describe('splitTax', () => {
  it('one rate on goods and shipping together: split in proportion to the bases', () => {
    expect(splitTax(tax(300, 1000), 2000, 1000, true)).toEqual({ goods: 200, shipping: 100 });
  });
  it('a rate that taxed only one base goes wholly to it', () => {
    expect(splitTax(tax(165, 825), 2000, 1000, false)).toEqual({ goods: 165, shipping: 0 });
    expect(splitTax(tax(125, 1250), 2000, 1000, false)).toEqual({ goods: 0, shipping: 125 });
    // Zero-rated goods, taxed shipping: the line's only tax is the shipping's.
    expect(splitTax(tax(125, 1250), 2000, 1000, true)).toEqual({ goods: 0, shipping: 125 });
  });
  it('included tax is recognised on the inclusive bases', () => {
    // 1100 and 550 include 10%: 100 and 50, together 150.
    expect(splitTax(tax(150, 1000, true), 1100, 550, true)).toEqual({ goods: 100, shipping: 50 });
    expect(splitTax(tax(100, 1000, true), 1100, 550, false)).toEqual({ goods: 100, shipping: 0 });
  });
  it('without a rate, or without one of the bases, it still sums exactly', () => {
    expect(splitTax(tax(7), 1, 2, true)).toEqual({ goods: 2, shipping: 5 });
    expect(splitTax(tax(7, 1000), 0, 70, true)).toEqual({ goods: 0, shipping: 7 });
    expect(splitTax(tax(7, 1000), 70, 0, true)).toEqual({ goods: 7, shipping: 0 });
  });
});
