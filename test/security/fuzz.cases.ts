/**
 * Malformed requests derived from the OpenAPI document: every case breaks the operation's declared
 * schema (a wrong type, a missing or unknown field, an out-of-range value, an injection where a
 * format is required, a body that is not one JSON object), so a correct gateway refuses each with
 * a 4xx and writes nothing.
 */
import {
  breaksString,
  encodeOdd,
  INJECTIONS,
  invalidPathValues,
  invalidQueryValues,
  invalidValues,
  OBJECT,
  ODD_IN_URL,
  plausible,
  type Schema,
} from './fuzz.values';
import { STRUCTURAL_BODIES } from './fuzz.structure';

export interface FuzzCase {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  query?: string;
  /** Whose token to send: the route's own rule's, so requests reach validation rather than stop at 401/403. */
  as: 'anonymous' | 'customer' | 'support' | 'admin';
  why: string;
  /** Odd but not invalid (a search for "' OR 1=1"): any answer but a 5xx will do. */
  probe?: boolean;
}

export interface Operation {
  method: string;
  path: string;
  access: unknown;
  pathParams: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema; required: boolean }[];
  body?: Schema;
}

const POISON_KEYS = ['__proto__', 'constructor', '$gt', '$where', "'; DROP TABLE x; --"];
const NOT_ONE_OBJECT = ['[]', '[{"a":1}]', '"text"', '123', 'null', '{"a":', '{"a":1}}', '\u0000{}', '{"a":"\\ud800"'];
const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'];

function principalFor(access: unknown): FuzzCase['as'] {
  if (access === 'public') return 'anonymous';
  if (access === 'authenticated' || access === undefined) return 'customer';
  const roles = (access as { roles?: string[] }).roles ?? [];
  return roles.includes('admin') ? 'admin' : roles.includes('support') ? 'support' : 'customer';
}

export function casesFor(op: Operation): FuzzCase[] {
  const base = { method: op.method, as: principalFor(op.access) };
  const okPath = op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
  const cases: FuzzCase[] = [];
  const withBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
  for (const p of op.pathParams) {
    for (const v of invalidPathValues(p.schema, op.method !== 'GET')) {
      const body = withBody ? JSON.stringify(plausible(op.body ?? {})) : undefined;
      cases.push({
        ...base,
        path: op.path.replace(`{${p.name}}`, v).replace(/\{[^}]+\}/g, 'x'),
        body,
        contentType: body && 'application/json',
        why: `path ${p.name}`,
      });
    }
  }
  // Reads take any odd text a search box might: the answer may be 200, never a 5xx.
  for (const q of op.query.filter((x) => op.method === 'GET' && x.schema.type === 'string')) {
    for (const v of [...INJECTIONS, ...ODD_IN_URL]) {
      if (!breaksString(q.schema, v))
        cases.push({ ...base, path: okPath, query: `${q.name}=${encodeOdd(v)}`, why: `probe ${q.name}`, probe: true });
    }
  }
  for (const q of op.query) {
    for (const { value, why } of invalidQueryValues(q.schema)) {
      cases.push({
        ...base,
        path: okPath,
        query: value === OBJECT ? `${q.name}[$gt]=` : `${q.name}=${encodeOdd(value)}`,
        why: `query ${q.name}: ${why}`,
      });
    }
  }
  if (!withBody) return cases;
  const raw = (body: string, why: string, contentType = 'application/json') =>
    cases.push({ ...base, path: okPath, body, contentType, why });
  const valid = plausible(op.body ?? { type: 'object' }) as Record<string, unknown>;
  const props = (op.body?.properties ?? {}) as Record<string, Schema>;
  const required = (op.body?.required ?? []) as string[];
  for (const [name, schema] of Object.entries(props)) {
    for (const { value, why } of invalidValues(schema, required.includes(name)))
      raw(JSON.stringify({ ...valid, [name]: value }), `${name}: ${why}`);
    if (required.includes(name)) {
      const { [name]: _gone, ...rest } = valid;
      raw(JSON.stringify(rest), `${name}: missing`);
    }
  }
  raw(JSON.stringify({ ...valid, unexpectedField: 1 }), 'unknown field');
  for (const key of POISON_KEYS) raw(`{${JSON.stringify(key)}:{"polluted":true},"x":1}`, `key ${key}`);
  for (const body of NOT_ONE_OBJECT) raw(body, `not one JSON object: ${body.slice(0, 10)}`);
  for (const type of WRONG_TYPES) raw('a=1&b=2', `content type ${type}`, type);
  for (const s of STRUCTURAL_BODIES) raw(s.body, `structure: ${s.why}`);
  return cases;
}

type DocOperation = {
  parameters?: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  'x-access': unknown;
};

/** The operations of an OpenAPI document, as the case generator takes them (paths without the /api prefix). */
export function operationsOf(document: unknown): Operation[] {
  const doc = document as { paths: Record<string, Record<string, DocOperation>> };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace(/^\/api/, ''),
      access: op['x-access'],
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
      query: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, schema: p.schema, required: p.required })),
      body: op.requestBody?.content['application/json']?.schema,
    })),
  );
}
