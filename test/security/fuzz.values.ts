/**
 * Values that certainly break a JSON Schema (as the OpenAPI document states each param's rule).
 * "Certainly" matters: a value the rule accepts would be a valid write, and the fuzz test checks
 * that nothing was written.
 */
export type Schema = Record<string, unknown>;
export type Bad = { value: unknown; why: string };

export const ODD_UNICODE = [
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ud83d\ude00'.repeat(3),
  '\ufeff\u200b',
  'e\u0301\u0301\u0301',
  '\uffff',
  '\ud800',
];
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE accounts; --",
  '{"$gt":""}',
  '$where',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '1; SELECT pg_sleep(5)',
];

function matches(pattern: string, v: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    re = new RegExp(pattern);
  }
  return re.test(v) || re.test(v.trim());
}

/** True when `v` fails the string rule `s` by its format, enum, pattern or length, whatever trimming it gets. */
export function breaksString(s: Schema, v: string): boolean {
  if (Array.isArray(s.enum)) return !s.enum.includes(v);
  if (['email', 'uuid', 'uri', 'date-time'].includes(String(s.format))) return true;
  if (typeof s.maxLength === 'number' && v.trim().length > s.maxLength) return true;
  if (typeof s.minLength === 'number' && v.length < s.minLength) return true;
  return typeof s.pattern === 'string' && !matches(s.pattern, v);
}

/** Body values that can never satisfy `s`; null counts only where a value is required and not nullable. */
export function invalidValues(s: Schema, required: boolean): Bad[] {
  const type = s.type;
  // Without a declared type (any, alternatives) nothing is certainly invalid.
  if (typeof type !== 'string') return [];
  const out: Bad[] = [];
  if (type !== 'object') out.push({ value: { $gt: '' }, why: 'operator object' });
  if (type !== 'array') out.push({ value: [], why: 'array' });
  if (required && s.nullable !== true) out.push({ value: null, why: 'null' });
  if (type === 'string') {
    out.push({ value: 12345, why: 'number for string' }, { value: true, why: 'boolean for string' });
    if (typeof s.maxLength === 'number')
      out.push(
        { value: 'x'.repeat(s.maxLength + 1), why: 'too long' },
        { value: ODD_UNICODE[1].repeat(s.maxLength), why: 'odd unicode, too long' },
      );
    for (const v of [...INJECTIONS, ...ODD_UNICODE])
      if (breaksString(s, v)) out.push({ value: v, why: `injection/unicode ${JSON.stringify(v).slice(0, 16)}` });
  } else if (type === 'integer' || type === 'number') {
    out.push({ value: '12', why: 'numeric string' }, { value: 'NaN', why: 'NaN' });
    if (typeof s.minimum === 'number')
      out.push({ value: s.minimum - 1, why: 'below minimum' }, { value: -1e21, why: 'hugely negative' });
    if (typeof s.maximum === 'number') out.push({ value: s.maximum + 1, why: 'above maximum' }, { value: 9.9e300, why: 'huge' });
    if (type === 'integer') out.push({ value: 1.5, why: 'fraction' });
  } else if (type === 'boolean') {
    out.push({ value: 'true', why: 'string for boolean' }, { value: 1, why: 'number for boolean' });
  } else if (type === 'array') {
    out.push({ value: 'x', why: 'string for array' });
    if (typeof s.maxItems === 'number')
      out.push({ value: Array.from({ length: s.maxItems + 1 }, () => ({ $gt: '' })), why: 'too many items' });
  } else if (type === 'object') {
    out.push({ value: 'x', why: 'string for object' }, { value: 7, why: 'number for object' });
  }
  return out;
}

export const OBJECT = Symbol('operator object');
/** A URL cannot carry a lone surrogate (its bytes decode to U+FFFD), so only JSON bodies get that one. */
export const ODD_IN_URL = ODD_UNICODE.filter((v) => !/^[\ud800-\udbff]$/.test(v));

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 it would be on the wire. */
export function encodeOdd(v: string): string {
  return [...v].map((ch) => (/[\ud800-\udfff]/.test(ch) && ch.length === 1 ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
}

/** Query values arrive as strings (numbers converted), so only what no conversion can rescue counts. */
export function invalidQueryValues(s: Schema): { value: string | typeof OBJECT; why: string }[] {
  const out: { value: string | typeof OBJECT; why: string }[] = [{ value: OBJECT, why: 'operator object' }];
  if (s.type === 'string') {
    for (const v of ['x'.repeat(Number(s.maxLength ?? 10_000) + 1), ...INJECTIONS, ...ODD_IN_URL])
      if (breaksString(s, v)) out.push({ value: v, why: `string ${JSON.stringify(v).slice(0, 16)}` });
  } else if (s.type === 'integer' || s.type === 'number') {
    out.push({ value: 'NaN', why: 'NaN' }, { value: 'abc', why: 'not a number' }, { value: "1' OR '1'='1", why: 'injection' });
    if (typeof s.minimum === 'number') out.push({ value: String(s.minimum - 1), why: 'below minimum' });
    if (typeof s.maximum === 'number')
      out.push({ value: String(s.maximum + 1), why: 'above maximum' }, { value: '1e400', why: 'huge' });
    if (s.type === 'integer') out.push({ value: '1.5', why: 'fraction' });
  } else if (s.type === 'boolean') {
    out.push({ value: 'maybe', why: 'not a boolean' });
  }
  return out;
}

/**
 * Odd path segments (URL-encoded). For writes only those that break the param's rule (a valid id
 * that matches nothing may legitimately succeed, e.g. an idempotent DELETE); reads get them all.
 */
export function invalidPathValues(s: Schema, write: boolean): string[] {
  const raw = [
    '\u0000',
    '../../etc/passwd',
    "' OR '1'='1",
    '{"$gt":""}',
    'x'.repeat(5_000),
    '\u202e\ud83d\ude00',
    '__proto__',
    'constructor',
    '-1',
    'NaN',
  ];
  return raw.filter((v) => !write || breaksString(s, v)).map(encodeOdd);
}

/** A guess at a valid value; cases built on it break one thing on purpose, so its own validity is not relied on. */
export function plausible(s: Schema): unknown {
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case 'string':
      return s.format === 'email' ? 'fuzz@example.com' : 'x'.repeat(Math.max(1, Number(s.minLength ?? 1)));
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const req = (s.required ?? []) as string[];
      return Object.fromEntries(req.filter((k) => props[k]).map((k) => [k, plausible(props[k])]));
    }
    default:
      return 'x';
  }
}
