import type { FvRule } from './fv-shorthand';

type JsonSchema = Record<string, unknown>;

// The same expressions fastest-validator's string rule tests with.
const FLAG_PATTERNS: Record<string, string> = {
  numeric: '^-?[0-9]\\d*(\\.\\d+)?$',
  alpha: '^[a-zA-Z]+$',
  alphanum: '^[a-zA-Z0-9]+$',
  alphadash: '^[a-zA-Z0-9_-]+$',
  // fastest-validator also requires an even length: whole bytes.
  hex: '^(?:[0-9a-fA-F]{2})+$',
  base64: '^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+/]{3}=)?$',
  singleLine: '^[^\\n]*$',
};

const SANITIZERS: Record<string, string> = {
  trim: 'leading and trailing whitespace is trimmed',
  trimLeft: 'leading whitespace is trimmed',
  trimRight: 'trailing whitespace is trimmed',
  lowercase: 'it is lower-cased',
  uppercase: 'it is upper-cased',
  localeLowercase: 'it is lower-cased',
  localeUppercase: 'it is upper-cased',
  padStart: 'it is padded at the start',
  padEnd: 'it is padded at the end',
};

const FORMATS: Record<string, string> = { email: 'email', url: 'uri', uuid: 'uuid' };

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** JSON Schema `pattern` has no flags, so case-insensitivity is only described. */
function patternOf(rule: FvRule): { source: string; flags: string } | undefined {
  if (rule.pattern instanceof RegExp) return { source: rule.pattern.source, flags: rule.pattern.flags };
  if (typeof rule.pattern === 'string')
    return { source: rule.pattern, flags: typeof rule.patternFlags === 'string' ? rule.patternFlags : '' };
  return undefined;
}

/** string, email, url and uuid rules: all strings, the last three with a `format`. */
export function stringSchema(rule: FvRule): JsonSchema {
  const out: JsonSchema = { type: 'string' };
  const notes: string[] = [];
  const format = FORMATS[String(rule.type)];
  if (format) out.format = format;
  if (rule.type === 'uuid' && rule.version !== undefined) notes.push(`UUID version ${String(rule.version)}.`);

  const length = num(rule.length);
  let min = length ?? num(rule.min);
  const max = length ?? num(rule.max);
  if (rule.type === 'string' && rule.empty === false) min = Math.max(min ?? 0, 1);
  if (min !== undefined) out.minLength = min;
  if (max !== undefined) out.maxLength = max;

  const patterns: string[] = [];
  const pattern = patternOf(rule);
  if (pattern) {
    patterns.push(pattern.source);
    if (pattern.flags.includes('i')) notes.push('The pattern is matched case-insensitively.');
  }
  for (const [flag, p] of Object.entries(FLAG_PATTERNS)) if (rule[flag] === true) patterns.push(p);
  if (typeof rule.contains === 'string') patterns.push(escapeRegExp(rule.contains));
  if (patterns.length) out.pattern = patterns[0];
  if (patterns.length > 1) out.allOf = patterns.slice(1).map((p) => ({ pattern: p }));
  if (Array.isArray(rule.enum)) out.enum = rule.enum;
  // `empty: true` short-circuits every other check for '' (and email/url accept '' only then).
  if (rule.empty === true && (min || format || patterns.length || out.enum)) notes.push('An empty string is also accepted.');

  const sanitized = Object.keys(SANITIZERS).filter(
    (k) => rule[k] === true || (k.startsWith('pad') && num(rule[k]) !== undefined),
  );
  if (sanitized.length) notes.push(`Before validation ${sanitized.map((k) => SANITIZERS[k]).join(', ')}.`);
  if (notes.length) out.description = notes.join(' ');
  return out;
}
