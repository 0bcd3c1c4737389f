/**
 * Malformed requests derived from the OpenAPI document: every case breaks the operation's declared
 * schema (a wrong type, a missing or unknown field, an out-of-range value, an injection where a
 * format is required), so a correct gateway refuses each with a 4xx and writes nothing.
 */
type Schema = Record<string, unknown>;

export interface FuzzCase {
  method: string;
  path: string;
  /** Raw body text and its content type; absent for no body. */
  body?: string;
  contentType?: string;
  query?: string;
  /** Which principal's token to send (the rule's, so requests reach validation rather than stop at 401/403). */
  as: 'anonymous' | 'customer' | 'support' | 'admin';
  why: string;
}

export interface Operation {
  method: string;
  path: string;
  access: unknown;
  pathParams: string[];
  query: { name: string; schema: Schema; required: boolean }[];
  body?: Schema;
}

const ODD_UNICODE = [
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ud83d\ude00'.repeat(3),
  '\ufeff\u200b',
  'e\u0301\u0301\u0301',
  '\uffff',
];
const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE accounts; --",
  '{"$gt":""}',
  '$where',
  '../../etc/passwd',
  '<script>alert(1)</script>',
];
const POISON_KEYS = ['__proto__', 'constructor', '$gt', '$where', "'; DROP TABLE x; --"];

/** Values that can never satisfy `s` (one or more per kind of breakage). */
export function invalidValues(s: Schema): { value: unknown; why: string }[] {
  const type = s.type;
  // Without a declared type (any, alternatives) nothing is certainly invalid.
  if (typeof type !== 'string') return [];
  const out: { value: unknown; why: string }[] = [];
  if (type !== 'object') out.push({ value: { $gt: '' }, why: 'operator object' });
  if (type !== 'array') out.push({ value: [], why: 'array' });
  if (type === 'string') {
    out.push(
      { value: 12345, why: 'number for string' },
      { value: null, why: 'null' },
      { value: true, why: 'boolean for string' },
    );
    if (typeof s.maxLength === 'number') out.push({ value: 'x'.repeat(s.maxLength + 1), why: 'too long' });
    if (typeof s.maxLength === 'number') out.push({ value: ODD_UNICODE[1].repeat(s.maxLength), why: 'odd unicode, too long' });
    if (s.pattern || s.format || s.enum)
      for (const v of [...INJECTIONS, ...ODD_UNICODE])
        out.push({ value: v, why: `injection/unicode for ${String(s.format ?? 'pattern')}` });
  } else if (type === 'integer' || type === 'number') {
    out.push(
      { value: '12', why: 'numeric string' },
      { value: 'NaN', why: 'NaN' },
      { value: null, why: 'null' },
      { value: 1.5e308 * 10, why: 'Infinity (null in JSON)' },
    );
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

/** A guess at a valid value; cases built on it break exactly one other thing, so validity here is not required. */
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

function principalFor(access: unknown): FuzzCase['as'] {
  if (access === 'public') return 'anonymous';
  if (access === 'authenticated' || access === undefined) return 'customer';
  const roles = (access as { roles?: string[] }).roles ?? [];
  return roles.includes('admin') ? 'admin' : roles.includes('support') ? 'support' : 'customer';
}

const WEIRD_IDS = [
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent("' OR '1'='1"),
  '__proto__',
  'constructor',
  encodeURIComponent('{"$gt":""}'),
  'x'.repeat(5_000),
  encodeURIComponent('\u202e\ud83d\ude00'),
  '-1',
  'NaN',
];

const OBJECT = '\u0000object';

/** Query values arrive as strings (numbers converted), so only what no conversion can rescue counts. */
export function invalidQueryValues(s: Schema): { value: string; why: string }[] {
  const out = [{ value: OBJECT, why: 'operator object' }];
  if (s.type === 'string') {
    if (typeof s.maxLength === 'number') out.push({ value: 'x'.repeat(s.maxLength + 1), why: 'too long' });
    if (s.pattern || s.format || s.enum)
      for (const v of [...INJECTIONS, ...ODD_UNICODE]) out.push({ value: v, why: 'injection/unicode' });
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

export function casesFor(op: Operation): FuzzCase[] {
  const as = principalFor(op.access);
  const base = { method: op.method, as };
  const fill = (id: string) => op.path.replace(/\{[^}]+\}/g, id);
  const okPath = fill('00000000-0000-4000-8000-000000000000');
  const cases: FuzzCase[] = [];
  for (const id of op.pathParams.length ? WEIRD_IDS : [])
    cases.push({ ...base, path: fill(id), body: op.body ? '{}' : undefined, why: `path param ${id.slice(0, 20)}` });
  for (const q of op.query) {
    for (const { value, why } of invalidQueryValues(q.schema)) {
      const v = value === OBJECT ? '[$gt]=' : `=${encodeURIComponent(value)}`;
      cases.push({ ...base, path: okPath, query: `${q.name}${v}`, why: `query ${q.name}: ${why}` });
    }
  }
  if (!op.body) {
    if (['POST', 'PUT', 'PATCH'].includes(op.method))
      cases.push({
        ...base,
        path: okPath,
        body: '{"unexpected":1}',
        contentType: 'application/json',
        why: 'body where none is taken',
      });
    return cases;
  }
  const props = (op.body.properties ?? {}) as Record<string, Schema>;
  const valid = plausible(op.body) as Record<string, unknown>;
  const json = (body: unknown, why: string) =>
    cases.push({ ...base, path: okPath, body: JSON.stringify(body), contentType: 'application/json', why });
  for (const [name, schema] of Object.entries(props)) {
    for (const { value, why } of invalidValues(schema)) json({ ...valid, [name]: value }, `${name}: ${why}`);
    if (((op.body.required ?? []) as string[]).includes(name)) {
      const { [name]: _gone, ...rest } = valid;
      json(rest, `${name}: missing`);
    }
  }
  for (const key of POISON_KEYS)
    cases.push({
      ...base,
      path: okPath,
      body: `{${JSON.stringify(key)}:{"polluted":true},"x":1}`,
      contentType: 'application/json',
      why: `key ${key}`,
    });
  for (const body of ['[]', '"text"', '123', 'null', '{"a":', '{"a":1}}', '\u0000{}', '{"a":"\\ud800"}']) {
    cases.push({ ...base, path: okPath, body, contentType: 'application/json', why: `malformed JSON ${body.slice(0, 10)}` });
  }
  for (const contentType of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
  ]) {
    cases.push({ ...base, path: okPath, body: 'a=1&b=2', contentType, why: `content type ${contentType}` });
  }
  return cases;
}
