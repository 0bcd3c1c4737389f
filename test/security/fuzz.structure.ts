/**
 * Bodies that attack the parser and everything that walks a parsed body rather than any one
 * route's rules: each is refused at the gateway whatever the route, before anything reads it.
 * `status` is what the gateway must answer (the limit it breaks); none may reach a handler.
 */
export interface StructuralBody {
  why: string;
  body: string;
  /** Omitted: any 4xx (what follows depends on the route's access and rules). */
  status?: number;
  type?: string;
}

const deep = (n: number, open: string, close: string, inner = '1') => `{"a":${open.repeat(n)}${inner}${close.repeat(n)}}`;

export const STRUCTURAL_BODIES: StructuralBody[] = [
  { why: 'objects nested 10,000 deep', body: deep(10_000, '{"a":', '}'), status: 400, type: 'BODY_TOO_DEEP' },
  { why: 'arrays nested 10,000 deep', body: deep(10_000, '[', ']'), status: 400, type: 'BODY_TOO_DEEP' },
  { why: 'objects nested 33 deep', body: deep(32, '{"a":', '}'), status: 400, type: 'BODY_TOO_DEEP' },
  {
    why: '12,000 keys',
    body: `{${Array.from({ length: 12_000 }, (_, i) => `"${i.toString(36)}":0`).join(',')}}`,
    status: 413,
    type: 'BODY_TOO_LARGE',
  },
  { why: '20,000 array items', body: `{"a":[${'0,'.repeat(19_999)}0]}`, status: 413, type: 'BODY_TOO_LARGE' },
  { why: 'a 90,000-character string', body: JSON.stringify({ a: 'x'.repeat(90_000) }), status: 413, type: 'STRING_TOO_LONG' },
  { why: 'a string of escapes', body: `{"a":"${'\\t'.repeat(40_000)}"}`, status: 413, type: 'STRING_TOO_LONG' },
  { why: 'a 300-character key', body: `{"${'k'.repeat(300)}":1}`, status: 400, type: 'KEY_TOO_LONG' },
  { why: 'a duplicate key', body: '{"role":"customer","role":"admin"}', status: 400, type: 'DUPLICATE_KEY' },
  { why: 'a duplicate key spelled with escapes', body: '{"x":{"id":1,"\\u0069d":2}}', status: 400, type: 'DUPLICATE_KEY' },
  {
    why: 'a poisoned key deep down',
    body: `{"a":[{"b":[{"__proto__":{"admin":true}}]}]}`,
    status: 422,
    type: 'VALIDATION_ERROR',
  },
  { why: 'over the body limit', body: JSON.stringify({ a: 'x'.repeat(200_000) }), status: 413 },
  { why: 'control characters in keys', body: '{"\\u0000":1,"\\u202e\\u0007":2,"\\ud800":3}' },
];
