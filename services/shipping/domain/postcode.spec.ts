import fc from 'fast-check';
import type { PostcodeRule } from '../shipping.contract';
import { globMatch, matchesRule, normalisePostcode, outwardCode, validatePostcodeRule } from './postcode';

const prefix = (value: string): PostcodeRule => ({ type: 'prefix', value });
const range = (from: string, to: string): PostcodeRule => ({ type: 'range', from, to });
const pattern = (value: string): PostcodeRule => ({ type: 'pattern', value });

describe('normalisePostcode', () => {
  it.each([
    ['US', '94105-1234', '941051234'],
    ['US', ' 94105 ', '94105'],
    ['GB', 'sw1a 1aa', 'SW1A1AA'],
    ['DE', '10115', '10115'],
    ['CA', 'k1a 0b1', 'K1A0B1'],
    ['PL', '00-950', '00950'],
    ['NL', '1011 ab', '1011AB'],
  ])('%s %p → %p', (country, raw, want) => expect(normalisePostcode(country, raw)).toBe(want));

  it('GB outward code is everything before the inward code', () => {
    expect(outwardCode('SW1A 1AA')).toBe('SW1A');
    expect(outwardCode('e1 6an')).toBe('E1');
    expect(outwardCode('BT1 1AA')).toBe('BT1');
    expect(outwardCode('EC1A1BB')).toBe('EC1A');
    expect(outwardCode('SW1A')).toBe('SW1A');
    expect(outwardCode('BT48')).toBe('BT48');
  });
});

describe('matchesRule: table', () => {
  it.each<[string, string, PostcodeRule, boolean]>([
    // US ZIP and ZIP+4: 5-character rules compare on the ZIP, longer ones on ZIP+4.
    ['US', '94105-1234', prefix('941'), true],
    ['US', '94105', prefix('94105-12'), false],
    ['US', '94105-1234', prefix('94105-12'), true],
    ['US', '94105-1334', prefix('94105-12'), false],
    ['US', '94105-1234', range('90000', '96199'), true],
    ['US', '96200-0001', range('90000', '96199'), false],
    ['US', '96199-9999', range('90000', '96199'), true],
    ['US', '90000', range('90000', '96199'), true],
    ['US', '94105-1234', range('94105-0000', '94105-4999'), true],
    ['US', '94105-5000', range('94105-0000', '94105-4999'), false],
    ['US', '94105', range('94105-0000', '94105-4999'), false],
    ['US', '94101-1234', pattern('9??01'), true],
    ['US', '94102-1234', pattern('9??01'), false],
    ['US', '99501', pattern('995*'), true],
    ['US', '94105-1234', pattern('94105-12??'), true],
    // GB: outward codes, never a prefix inside a letter or digit run.
    ['GB', 'SW1A 1AA', prefix('SW1A'), true],
    ['GB', 'SW1A 1AA', prefix('SW1'), true],
    ['GB', 'SW10 9AA', prefix('SW1'), false],
    ['GB', 'BT1 1AA', prefix('B'), false],
    ['GB', 'B1 1AA', prefix('B'), true],
    ['GB', 'BT48 7AA', prefix('BT'), true],
    ['GB', 'E1 6AN', prefix('E1'), true],
    ['GB', 'E1W 1AA', prefix('E1'), true],
    ['GB', 'E10 5AA', prefix('E1'), false],
    ['GB', 'SW1A 1AA', prefix('SW1A1'), true],
    ['GB', 'BT1', prefix('B'), false],
    ['GB', 'SW10', prefix('SW1'), false],
    ['GB', 'HS1 2AA', pattern('HS*'), true],
    ['GB', 'ZE2 9AA', pattern('ZE?*'), true],
    ['GB', 'KW15 1AA', range('KW15', 'KW17'), true],
    // DE: five digits.
    ['DE', '10115', prefix('1011'), true],
    ['DE', '10215', prefix('1011'), false],
    ['DE', '10115', range('10000', '14999'), true],
    ['DE', '15000', range('10000', '14999'), false],
    ['DE', '14999', range('10000', '14999'), true],
    ['DE', '27498', pattern('27498'), true],
    ['DE', '18565', pattern('185?5'), true],
    ['DE', '1011', range('10000', '14999'), false],
    // CA: the forward sortation area is the first three characters.
    ['CA', 'K1A 0B1', prefix('K1A'), true],
    ['CA', 'X0A 1H0', pattern('X*'), true],
    ['CA', 'K1A 0B1', range('K0A', 'K9Z'), true],
    ['CA', 'L1A 0B1', range('K0A', 'K9Z'), false],
  ])('%s %p %j → %p', (country, postcode, rule, want) => expect(matchesRule(country, postcode, rule)).toBe(want));

  it('rule values are normalised like postcodes', () => {
    expect(matchesRule('GB', 'sw1a1aa', prefix('sw1a '))).toBe(true);
    expect(matchesRule('US', '94105 1234', range('94105-0000', '94105 4999'))).toBe(true);
  });

  it('an empty prefix matches nothing', () => expect(matchesRule('DE', '10115', prefix(''))).toBe(false));
});

describe('globMatch', () => {
  const toRegex = (p: string) => new RegExp(`^${p.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  it('agrees with the equivalent regular expression', () => {
    const ch = fc.constantFrom('A', 'B', '1');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(ch, fc.constantFrom('*', '?')), maxLength: 8 }),
        fc.string({ unit: ch, maxLength: 10 }),
        (p, s) => expect(globMatch(p, s)).toBe(toRegex(p).test(s)),
      ),
    );
  });

  it('stays fast on a pathological pattern', () => {
    expect(globMatch('*A*A*A*B', 'A'.repeat(16))).toBe(false);
  });
});

describe('validatePostcodeRule', () => {
  it.each<[unknown, string[]]>([
    [prefix('SW1A'), []],
    [range('10000', '14999'), []],
    [pattern('9??01'), []],
    [range('1000', '14999'), ['include[0].to']],
    [range('2', '1'), ['include[0].to']],
    [pattern('(a+)+'), ['include[0].value']],
    [pattern('*1*2*3*4*5'), ['include[0].value']],
    [prefix('X'.repeat(17)), ['include[0].value']],
    [prefix(' - '), ['include[0].value']],
    [{ type: 'regex', value: '.*' }, ['include[0].type']],
    [{ type: 'prefix', value: 'A', extra: 1 }, ['include[0].extra']],
    [{ type: 'range', from: 1, to: '2' }, ['include[0].from']],
    ['SW1', ['include[0]']],
  ])('%j → %j', (rule, fields) => expect(validatePostcodeRule(rule, 'include[0]').map((p) => p.field)).toEqual(fields));
});
