import { MAX_BANDS, validateRateCard } from './rate-card.validate';

const usd = (amount: number) => ({ amount, currency: 'USD' });
/** A weight card from `[from, to, amount]` rows (`to` undefined: open). */
const weight = (...rows: [number, number | undefined, number][]) => ({
  type: 'weight',
  bands: rows.map(([from, to, amount]) => ({ from, ...(to === undefined ? {} : { to }), amount: usd(amount) })),
});
const fields = (card: unknown) => validateRateCard(card).map((p) => p.field);

describe('validateRateCard', () => {
  it('accepts each kind of card', () => {
    expect(fields({ type: 'flat', amount: usd(500) })).toEqual([]);
    expect(fields({ type: 'free_over', amount: usd(500), threshold: usd(5000), perExtraParcel: usd(100) })).toEqual([]);
    expect(
      fields({
        type: 'weight',
        bands: [
          { from: 0, to: 1000, amount: usd(500) },
          { from: 1000, amount: usd(900) },
        ],
        conditions: { maxWeightG: 30000, minValue: usd(0), maxParcelWeightG: 10000 },
      }),
    ).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', 'flat', ['rateCard']],
    ['unknown type', { type: 'table' }, ['rateCard.type']],
    ['unknown key', { type: 'flat', amount: usd(1), bands: [] }, ['rateCard.bands']],
    ['fractional amount', { type: 'flat', amount: usd(1.5) }, ['rateCard.amount.amount']],
    ['negative amount', { type: 'flat', amount: usd(-1) }, ['rateCard.amount.amount']],
    ['bad currency', { type: 'flat', amount: { amount: 1, currency: 'usd' } }, ['rateCard.amount.currency']],
    [
      'two currencies',
      { type: 'free_over', amount: usd(1), threshold: { amount: 1, currency: 'EUR' } },
      ['rateCard.threshold.currency'],
    ],
    ['overlapping bands', weight([0, 1000, 1], [900, 2000, 2]), ['rateCard.bands[1].from']],
    ['a gap between bands', { ...weight([0, 1000, 1], [1100, undefined, 2]), type: 'value' }, ['rateCard.bands[1].from']],
    ['unsorted bands', weight([1000, 2000, 1], [0, 1000, 2]), ['rateCard.bands[1].from']],
    ['an open band before the last', weight([0, undefined, 1], [10, undefined, 2]), ['rateCard.bands[0].to']],
    ['an empty band', { type: 'weight', bands: [{ from: 10, to: 10, amount: usd(1) }] }, ['rateCard.bands[0].to']],
    ['no bands', { type: 'weight', bands: [] }, ['rateCard.bands']],
    [
      'band currency',
      {
        type: 'weight',
        bands: [
          { from: 0, to: 1, amount: usd(1) },
          { from: 1, amount: { amount: 1, currency: 'EUR' } },
        ],
      },
      ['rateCard.bands[1].amount.currency'],
    ],
    [
      'conditions min above max',
      { type: 'flat', amount: usd(1), conditions: { minWeightG: 10, maxWeightG: 9 } },
      ['rateCard.conditions.maxWeightG'],
    ],
    [
      'value bounds',
      { type: 'flat', amount: usd(1), conditions: { minValue: usd(10), maxValue: usd(9) } },
      ['rateCard.conditions.maxValue'],
    ],
    [
      'zero parcel weight',
      { type: 'flat', amount: usd(1), conditions: { maxParcelWeightG: 0 } },
      ['rateCard.conditions.maxParcelWeightG'],
    ],
    ['unknown condition', { type: 'flat', amount: usd(1), conditions: { country: 'US' } }, ['rateCard.conditions.country']],
  ])('%s', (_, card, want) => expect(fields(card)).toEqual(want));

  it(`at most ${MAX_BANDS} bands`, () => {
    const bands = Array.from({ length: MAX_BANDS + 1 }, (_, i) => ({ from: i, to: i + 1, amount: usd(i) }));
    expect(fields({ type: 'weight', bands })).toEqual(['rateCard.bands']);
    expect(fields({ type: 'weight', bands: bands.slice(1) })).toEqual([]);
  });

  it('names paths under the caller field', () => {
    expect(validateRateCard({ type: 'flat', amount: usd(-1) }, 'patch.rateCard')[0].field).toBe('patch.rateCard.amount.amount');
  });
});
