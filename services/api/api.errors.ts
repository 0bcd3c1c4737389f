import { Errors } from 'moleculer';

export interface ErrorBody {
  /** `orderId`: the order a conflict is about (the order that checked the cart out). */
  /** `retryable`: on 503s, the same request may succeed shortly (with Retry-After). */
  /** `quoteId`: on a 409 about a shipping quote, the quote; `field`: the one request field a 4xx is about. */
  error: {
    type: string;
    message: string;
    fields?: { field: string; message: string }[];
    orderId?: string;
    quoteId?: string;
    field?: string;
    retryable?: boolean;
  };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Seconds a 429 caller should wait (the Retry-After header), when the error says. */
  retryAfter?: number;
}

/** A field path as params name them (`shippingAddress.country`, `lines[0].sku`); nothing else is echoed. */
const FIELD = /^[A-Za-z0-9_.[\]]{1,120}$/;

interface ValidationItem {
  type?: string;
  field?: string;
  message?: string;
  actual?: unknown;
}

/** One entry per bad field; a strict object's "forbidden keys" error becomes one entry per unknown key. */
function fieldsOf(items: ValidationItem[]): { field: string; message: string }[] {
  return items.flatMap((d) => {
    if (d.type === 'objectStrict' && typeof d.actual === 'string') {
      const prefix = d.field ? `${d.field}.` : '';
      return d.actual
        .split(', ')
        .map((key) => ({ field: `${prefix}${key}`, message: `The '${prefix}${key}' field is not allowed.` }));
    }
    return [{ field: String(d.field ?? ''), message: String(d.message ?? 'invalid') }];
  });
}

const STATUS_TYPES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** body-parser's errors (moleculer-web re-wraps them keeping `type`): their messages quote the payload. */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The body is not valid JSON',
  'entity.too.large': 'The body is too large',
  'entity.verify.failed': 'The body could not be read',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'The request was aborted',
  'request.size.invalid': 'The body size does not match Content-Length',
  'stream.encoding.set': 'The body could not be read',
};

const TYPE = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * One error shape for every route. Client errors keep their message; anything else becomes a
 * generic 500 (or 503/504 for availability) so stacks and internals never reach a caller.
 */
export function toErrorResponse(err: unknown): ErrorResponse {
  const e = (err ?? {}) as Partial<Errors.MoleculerError> & { status?: number; expose?: boolean };
  const code = Number(e.code ?? e.status ?? 500);
  const bodyError = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  if (bodyError && code >= 400 && code < 500) {
    return { status: code, body: { error: { type: STATUS_TYPES[code] ?? 'BAD_REQUEST', message: bodyError } } };
  }
  if (err instanceof Errors.ValidationError || (code === 422 && Array.isArray(e.data))) {
    const fields = fieldsOf((e.data as ValidationItem[]) ?? []);
    return { status: 422, body: { error: { type: 'VALIDATION_ERROR', message: 'Invalid input', fields } } };
  }
  if (err instanceof Errors.ServiceNotAvailableError || err instanceof Errors.ServiceNotFoundError || code === 503) {
    return {
      status: 503,
      body: {
        // Clients treat a 404 as final; this says the same request may succeed shortly (Retry-After).
        error: { type: 'SERVICE_UNAVAILABLE', message: 'A service needed for this request is unavailable', retryable: true },
      },
    };
  }
  if (code >= 400 && code < 500 && Number.isInteger(code)) {
    const type = typeof e.type === 'string' && TYPE.test(e.type) ? e.type : (STATUS_TYPES[code] ?? 'BAD_REQUEST');
    const res: ErrorResponse = { status: code, body: { error: { type, message: String(e.message ?? 'Bad request') } } };
    const orderId = (e.data as { orderId?: unknown } | undefined)?.orderId;
    if (code === 409 && typeof orderId === 'string') res.body.error.orderId = orderId;
    const { quoteId, field } = (e.data ?? {}) as { quoteId?: unknown; field?: unknown };
    if (code === 409 && typeof quoteId === 'string' && quoteId.length <= 128) res.body.error.quoteId = quoteId;
    if (typeof field === 'string' && FIELD.test(field)) res.body.error.field = field;
    const retryAfter = (e.data as { retryAfter?: unknown } | undefined)?.retryAfter;
    if (code === 429 && typeof retryAfter === 'number' && retryAfter > 0) res.retryAfter = Math.ceil(retryAfter);
    return res;
  }
  if (err instanceof Errors.RequestTimeoutError) {
    return { status: 504, body: { error: { type: 'TIMEOUT', message: 'The request took too long' } } };
  }
  return { status: 500, body: { error: { type: 'INTERNAL_ERROR', message: 'Internal server error' } } };
}
