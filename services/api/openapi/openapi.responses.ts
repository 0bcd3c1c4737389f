import type { JsonSchema } from './fv-json-schema';
import type { RequestHeaderName } from './openapi.types';

export type AccessRule = 'public' | 'authenticated' | 'internal' | { roles: string[] };

/** The one error body every route answers with (see api.errors.ts). */
export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['type', 'message'],
      properties: {
        type: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_ERROR or NOT_FOUND.' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          description: 'Present on validation errors: one entry per rejected field.',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
        orderId: { type: 'string', description: 'On a 409 about an order: the order the conflict is with.' },
        quoteId: { type: 'string', description: 'On a 409 about a shipping quote: the quote refused (stale, expired, unknown).' },
        field: { type: 'string', description: 'On a 4xx about one request field that is not a validation error: that field.' },
        retryable: { type: 'boolean', description: 'On a 503: the same request may succeed after Retry-After.' },
      },
    },
  },
};

export const needsAuth = (access: AccessRule): boolean => access !== 'public';

export function accessText(access: AccessRule): string {
  if (access === 'public') return 'public, no authentication.';
  if (access === 'authenticated') return 'any authenticated user (bearer token).';
  if (access === 'internal') return 'internal; only for trusted callers, not end users.';
  return `requires a bearer token with one of the roles: ${access.roles.join(', ')}.`;
}

const header = (description: string, schema: JsonSchema) => ({ description, schema });
export const HEADERS: Record<string, unknown> = {
  'X-Request-ID': header('The request id: the caller’s own X-Request-ID when well-formed, else a new one.', {
    type: 'string',
  }),
  'Retry-After': header('Seconds to wait before retrying.', { type: 'integer', minimum: 1 }),
  'X-Cart-Token': header('An anonymous cart’s token, issued with its first item: send it back as X-Cart-Token.', {
    type: 'string',
  }),
  'WWW-Authenticate': header('The authentication scheme: Bearer.', { type: 'string' }),
};
const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const headerParam = (name: string, description: string, pattern: string, example: string) => ({
  name,
  in: 'header',
  required: false,
  description,
  schema: { type: 'string', pattern },
  example,
});
/** Header parameters, by the header's name (see api.http.ts for what each must look like to be used). */
export const PARAMETERS: Record<string, unknown> = {
  'X-Request-ID': headerParam(
    'X-Request-ID',
    'A caller-chosen id for tracing; echoed back, ignored when malformed.',
    '^[A-Za-z0-9._:-]{1,64}$',
    'req-7f3a9c',
  ),
  'Idempotency-Key': headerParam(
    'Idempotency-Key',
    'Names one attempt: a retry with the same key and body answers as the first did, never doing it twice.',
    '^[A-Za-z0-9_.:-]{1,200}$',
    'checkout-2f9c1e7a',
  ),
  'X-Cart-Token': headerParam(
    'X-Cart-Token',
    'An anonymous cart’s token (as issued by the first add-to-cart).',
    '^[A-Za-z0-9_-]{43}$',
    'q3J8r0xA4l9yQmZtV2b6Ckd1Ue5Fh7Gi8Jk0Ln2Mp4O',
  ),
  'X-Sandbox-Signature': headerParam(
    'X-Sandbox-Signature',
    'The payment provider’s signature over the body; the webhook is refused (400) without a valid one.',
    '^[A-Za-z0-9=,]{1,1024}$',
    't=1767225600,v1=9f2c0a7d',
  ),
};
export const headerParams = (names: RequestHeaderName[] = []) => [
  ref('parameters', 'X-Request-ID'),
  ...names.map((n) => ref('parameters', n)),
];

const errorResponse = (description: string, type: string, message: string, headers: string[] = []) => ({
  description,
  headers: Object.fromEntries(['X-Request-ID', ...headers].map((h) => [h, ref('headers', h)])),
  content: {
    'application/json': { schema: ref('schemas', 'Error'), example: { error: { type, message } } },
  },
});
/** Reusable error responses, by status. */
export const ERROR_RESPONSES: Record<string, unknown> = {
  '400': errorResponse(
    'The body is not valid JSON, or a required signature is missing or wrong',
    'BAD_REQUEST',
    'The body is not valid JSON',
  ),
  '401': errorResponse(
    'A required bearer token is missing, or the one sent is malformed, expired or out of date',
    'TOKEN_EXPIRED',
    'The access token has expired; refresh it',
    ['WWW-Authenticate'],
  ),
  '403': errorResponse('The caller is not allowed to do this', 'FORBIDDEN', 'Forbidden'),
  '404': errorResponse('Not found (or not the caller’s)', 'NOT_FOUND', 'Not found'),
  '413': errorResponse('The body is too large', 'PAYLOAD_TOO_LARGE', 'The body is too large'),
  '415': errorResponse('The body is not application/json', 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'),
  '422': errorResponse('Invalid input: error.fields names each rejected field', 'VALIDATION_ERROR', 'Invalid input'),
  '429': errorResponse('Too many requests; retry after Retry-After', 'RATE_LIMITED', 'Too many requests', ['Retry-After']),
  '500': errorResponse('Internal server error (no details are given)', 'INTERNAL_ERROR', 'Internal server error'),
  '503': errorResponse(
    'A service needed is briefly unavailable; retry after Retry-After',
    'SERVICE_UNAVAILABLE',
    'A service needed for this request is unavailable',
    ['Retry-After'],
  ),
  '504': errorResponse('The request took too long', 'TIMEOUT', 'The request took too long'),
};

/** Every error status a route can answer, from its shape plus the ones its action declares. */
export function errorResponses(o: {
  hasParams: boolean;
  hasBody: boolean;
  restricted: boolean;
  hasPathParams: boolean;
  declared?: Record<number, string>;
}): Record<string, unknown> {
  const declared = o.declared ?? {};
  const codes = new Set<number>([401, 429, 500, 503, 504, ...Object.keys(declared).map(Number)]);
  if (o.hasBody) [400, 413, 415].forEach((c) => codes.add(c));
  if (o.restricted) codes.add(403);
  if (o.hasPathParams) codes.add(404);
  if (o.hasParams || o.hasBody) codes.add(422);
  const out: Record<string, unknown> = {};
  for (const code of [...codes].sort((a, b) => a - b)) {
    const key = String(code);
    const meaning = declared[code];
    // A declared meaning is more precise than the generic one; a status only some routes declare (409) has no reusable response.
    if (!meaning && ERROR_RESPONSES[key]) out[key] = ref('responses', key);
    else
      out[key] = {
        ...((ERROR_RESPONSES[key] ??
          errorResponse('', code === 409 ? 'CONFLICT' : 'ERROR', meaning ?? `Error ${code}`)) as object),
        description: meaning ?? `Error ${code}`,
      };
  }
  return out;
}
