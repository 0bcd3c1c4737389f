import fc from 'fast-check';
import type { PostcodeRule, QuoteAddress } from '../shipping.contract';
import { compareZones, matchZone, zoneCovers, zoneSpecificity, type ZoneLike } from './zones';

const zone = (
  id: string,
  countries: string[],
  more: Partial<ZoneLike> & { include?: PostcodeRule[]; exclude?: PostcodeRule[] } = {},
): ZoneLike => ({
  id,
  countries,
  regions: more.regions ?? [],
  postcodes: { include: more.include ?? [], exclude: more.exclude ?? [] },
  active: more.active ?? true,
});
const at = (country: string, postalCode?: string, region?: string): QuoteAddress => ({ country, postalCode, region });

describe('matchZone', () => {
  const zones = [
    zone('us', ['US']),
    zone('us-ca', ['US'], { regions: ['CA'] }),
    zone('sf', ['US'], {
      include: [{ type: 'prefix', value: '941' }],
      exclude: [
        { type: 'prefix', value: '94105-12' },
        { type: 'range', from: '94130', to: '94131' },
      ],
    }),
    zone('gb', ['GB']),
    zone('gb-highlands', ['GB'], {
      include: [
        { type: 'prefix', value: 'IV' },
        { type: 'prefix', value: 'HS' },
        { type: 'pattern', value: 'KW*' },
      ],
      exclude: [{ type: 'prefix', value: 'IV1' }],
    }),
    zone('de', ['DE', 'AT']),
    zone('berlin', ['DE'], {
      include: [{ type: 'range', from: '10000', to: '14999' }],
      exclude: [{ type: 'pattern', value: '1211?' }],
    }),
    zone('ca-nu', ['CA'], { include: [{ type: 'pattern', value: 'X0A*' }], exclude: [{ type: 'prefix', value: 'X0A 0' }] }),
    zone('off', ['FR'], { active: false }),
  ];
  it.each<[QuoteAddress, string | null]>([
    [at('US', '94105-1234'), 'us'],
    [at('US', '94105-1234', 'ca'), 'us-ca'],
    [at('US', '94110'), 'sf'],
    [at('US', '94105-1300'), 'sf'],
    [at('US', '94110', 'CA'), 'sf'],
    [at('US', '94131-0001'), 'us'],
    [at('US', '94132-0001'), 'sf'],
    [at('US', '10001', 'NY'), 'us'],
    [at('GB', 'IV2 3AA'), 'gb-highlands'],
    [at('GB', 'IV1 1AA'), 'gb'],
    [at('GB', 'IV10 8AA'), 'gb-highlands'],
    [at('GB', 'KW15 1AA'), 'gb-highlands'],
    [at('GB', 'SW1A 1AA'), 'gb'],
    [at('DE', '10115'), 'berlin'],
    [at('DE', '12115'), 'de'],
    [at('DE', '80331'), 'de'],
    [at('AT', '1010'), 'de'],
    [at('CA', 'X0A 1H0'), 'ca-nu'],
    [at('CA', 'x0a 0h0'), null],
    [at('CA', 'K1A 0B1'), null],
    [at('FR', '75001'), null],
    [at('de'), 'de'],
  ])('%j → %p', (address, id) => expect(matchZone(zones, address)?.id ?? null).toBe(id));

  it('a region-less zone takes an address without a region; a region zone does not', () => {
    expect(zoneCovers(zone('r', ['US'], { regions: ['CA'] }), at('US', '94105'))).toBe(false);
  });

  it('ties: fewer countries, then fewer regions, then id', () => {
    expect(matchZone([zone('b', ['DE', 'AT']), zone('c', ['DE'])], at('DE'))?.id).toBe('c');
    expect(
      matchZone([zone('b', ['US'], { regions: ['CA', 'NV'] }), zone('c', ['US'], { regions: ['CA'] })], at('US', '', 'CA'))?.id,
    ).toBe('c');
    expect(matchZone([zone('b', ['DE']), zone('a', ['DE'])], at('DE'))?.id).toBe('a');
  });

  it('specificity: postcodes and region > postcodes > region > country', () => {
    const z = (more: Parameters<typeof zone>[2]) => zoneSpecificity(zone('x', ['US'], more));
    const p: PostcodeRule = { type: 'prefix', value: '9' };
    expect([z({ include: [p], regions: ['CA'] }), z({ include: [p] }), z({ regions: ['CA'] }), z({ exclude: [p] })]).toEqual([
      3, 2, 1, 0,
    ]);
  });
});

describe('matchZone: properties', () => {
  const rule = fc.oneof(
    fc.constantFrom('1', '10', '2', '123').map((value): PostcodeRule => ({ type: 'prefix', value })),
    fc.constantFrom(['10000', '19999'], ['12000', '12999']).map(([from, to]): PostcodeRule => ({ type: 'range', from, to })),
    fc.constantFrom('1?3*', '*5').map((value): PostcodeRule => ({ type: 'pattern', value })),
  );
  const zoneArb = fc.record({
    countries: fc.subarray(['DE', 'AT', 'US'], { minLength: 1 }),
    regions: fc.subarray(['BY', 'BE', 'CA']),
    postcodes: fc.record({ include: fc.array(rule, { maxLength: 2 }), exclude: fc.array(rule, { maxLength: 2 }) }),
    active: fc.boolean(),
  });
  const zonesArb = fc.array(zoneArb, { maxLength: 8 }).map((zs) => zs.map((z, i): ZoneLike => ({ ...z, id: `z${i}` })));
  const addressArb = fc.record({
    country: fc.constantFrom('DE', 'AT', 'US', 'FR'),
    region: fc.option(fc.constantFrom('BY', 'BE', 'CA', 'by'), { nil: undefined }),
    postalCode: fc.option(fc.stringMatching(/^[0-9]{5}$/), { nil: undefined }),
  });

  it('the match covers the address, is active, and no other covering zone ranks equal or higher', () => {
    fc.assert(
      fc.property(zonesArb, addressArb, (zones, address) => {
        const m = matchZone(zones, address);
        const covering = zones.filter((z) => zoneCovers(z, address));
        if (!m) return expect(covering).toEqual([]);
        expect(m.active && zoneCovers(m, address)).toBe(true);
        for (const z of covering) if (z !== m) expect(compareZones(m, z)).toBeLessThan(0);
      }),
    );
  });

  it('the result does not depend on the zones order', () => {
    fc.assert(
      fc.property(
        zonesArb.chain((zs) =>
          fc.tuple(fc.constant(zs), fc.shuffledSubarray(zs, { minLength: zs.length, maxLength: zs.length })),
        ),
        addressArb,
        ([zs, shuffled], address) => expect(matchZone(shuffled, address)?.id).toBe(matchZone(zs, address)?.id),
      ),
    );
  });
});
