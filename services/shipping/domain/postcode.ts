import type { PostcodeRule } from '../shipping.contract';
import { isObj, unknownKeys, type FieldProblem } from './problems';

/**
 * Postcodes compared the way people mean them. Every country: upper case, spaces and dashes
 * dropped (`sw1a 1aa` = `SW1A1AA`, PL `00-950` = `00950`, US `94105-1234` = `941051234`). Then:
 * - US: a rule of up to 5 characters is matched against the 5-digit ZIP, a longer rule against
 *   the ZIP+4 (an address without the +4 never matches a ZIP+4 rule).
 * - GB: a prefix never stops inside a run of letters or digits of the outward code, so `B`
 *   (Birmingham) is not `BT` (Belfast) and `SW1` is SW1A..SW1Y but not SW10.
 * - Ranges compare the postcode's first N characters, N the bounds' length (`100`..`149`).
 * - Patterns: `*` any run, `?` one character, matched whole by a linear-time matcher (no regex
 *   from admins, so nothing to backtrack).
 */
export const MAX_POSTCODE = 16;
const MAX_STARS = 4;
const US_ZIP = 5;

export function normalisePostcode(_country: string, raw: string): string {
  return raw.toUpperCase().replace(/[\s-]+/g, '');
}

const GB_INWARD = /^([A-Z0-9]{2,4})([0-9][A-Z]{2})$/;

/** GB: the part before the inward code (a digit and two letters): `SW1A1AA` → `SW1A`; an outward code alone stays whole. */
export function outwardCode(postcode: string): string {
  const p = normalisePostcode('GB', postcode);
  return GB_INWARD.exec(p)?.[1] ?? p;
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';

function normaliseRule(country: string, rule: PostcodeRule): PostcodeRule {
  const n = (s: string) => normalisePostcode(country, s);
  return rule.type === 'range'
    ? { type: 'range', from: n(rule.from), to: n(rule.to) }
    : { type: rule.type, value: n(rule.value) };
}

/** Whole-string glob match, greedy with one backtrack point per `*`: O(|p|·|s|) at worst. */
export function globMatch(pattern: string, s: string): boolean {
  let p = 0;
  let i = 0;
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === s[i])) {
      p++;
      i++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = i;
    } else if (star >= 0) {
      p = star + 1;
      i = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function prefixMatch(country: string, postcode: string, value: string): boolean {
  if (!postcode.startsWith(value)) return false;
  if (country !== 'GB') return true;
  const outward = outwardCode(postcode);
  if (value.length >= outward.length) return true;
  return isDigit(value[value.length - 1]) !== isDigit(outward[value.length]);
}

/** Does an (already normalised or raw) postcode of `country` match the rule? */
export function matchesRule(country: string, postcode: string, rule: PostcodeRule): boolean {
  const c = country.toUpperCase();
  const r = normaliseRule(c, rule);
  const full = normalisePostcode(c, postcode);
  if (r.type === 'prefix') return r.value.length > 0 && prefixMatch(c, full, r.value);
  if (r.type === 'range') {
    const head = full.slice(0, r.from.length);
    return head.length === r.from.length && r.from <= head && head <= r.to;
  }
  const fixed = r.value.replace(/\*/g, '').length;
  const subject = c === 'US' && fixed <= US_ZIP ? full.slice(0, US_ZIP) : full;
  return globMatch(r.value, subject);
}

const CHARS = /^[A-Z0-9]+$/;
const PATTERN_CHARS = /^[A-Z0-9*?]+$/;

function checkValue(v: unknown, field: string, chars: RegExp): FieldProblem[] {
  if (typeof v !== 'string') return [{ field, message: 'must be a string' }];
  const n = normalisePostcode('', v);
  if (!n || n.length > MAX_POSTCODE)
    return [{ field, message: `must have 1 to ${MAX_POSTCODE} characters besides spaces and dashes` }];
  if (!chars.test(n)) return [{ field, message: `may hold only letters, digits${chars === PATTERN_CHARS ? ', * and ?' : ''}` }];
  return [];
}

/** Problems of one admin-written rule at `field` (`postcodes.include[2]`); none when it is good. */
export function validatePostcodeRule(rule: unknown, field: string): FieldProblem[] {
  if (!isObj(rule)) return [{ field, message: 'must be an object' }];
  if (rule.type === 'prefix')
    return [...unknownKeys(rule, field, ['type', 'value']), ...checkValue(rule.value, `${field}.value`, CHARS)];
  if (rule.type === 'pattern') {
    const problems = [...unknownKeys(rule, field, ['type', 'value']), ...checkValue(rule.value, `${field}.value`, PATTERN_CHARS)];
    if (!problems.length && (rule.value as string).split('*').length - 1 > MAX_STARS)
      problems.push({ field: `${field}.value`, message: `may hold at most ${MAX_STARS} *` });
    return problems;
  }
  if (rule.type === 'range') {
    const problems = [
      ...unknownKeys(rule, field, ['type', 'from', 'to']),
      ...checkValue(rule.from, `${field}.from`, CHARS),
      ...checkValue(rule.to, `${field}.to`, CHARS),
    ];
    if (problems.length) return problems;
    const from = normalisePostcode('', rule.from as string);
    const to = normalisePostcode('', rule.to as string);
    if (from.length !== to.length) return [{ field: `${field}.to`, message: 'must have as many characters as from' }];
    if (from > to) return [{ field: `${field}.to`, message: 'must not be before from' }];
    return [];
  }
  return [{ field: `${field}.type`, message: 'must be one of prefix, range, pattern' }];
}
