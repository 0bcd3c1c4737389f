import { Errors } from 'moleculer';

export interface ErrorBody {
  error: { type: string; message: string; fields?: { field: string; message: string }[] };
}

interface ValidationItem {
  field?: string;
  message?: string;
}

const STATUS_TYPES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * One error shape for every route. Client errors keep their message; anything else becomes a
 * generic 500 (or 503/504 for availability) so stacks and internals never reach a caller.
 */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  const e = err as Partial<Errors.MoleculerError> & { status?: number };
  const code = Number(e.code ?? e.status ?? 500);
  if (err instanceof Errors.ValidationError || (code === 422 && Array.isArray(e.data))) {
    const fields = ((e.data as ValidationItem[]) ?? []).map((d) => ({ field: String(d.field ?? ''), message: String(d.message ?? 'invalid') }));
    return { status: 422, body: { error: { type: 'VALIDATION_ERROR', message: 'Invalid input', fields } } };
  }
  if (err instanceof Errors.ServiceNotAvailableError || err instanceof Errors.ServiceNotFoundError || code === 503) {
    return { status: 503, body: { error: { type: 'SERVICE_UNAVAILABLE', message: 'A service needed for this request is unavailable' } } };
  }
  if (code >= 400 && code < 500) {
    const type = typeof e.type === 'string' && e.type ? e.type : (STATUS_TYPES[code] ?? 'BAD_REQUEST');
    return { status: code, body: { error: { type, message: String(e.message ?? 'Bad request') } } };
  }
  if (err instanceof Errors.RequestTimeoutError) {
    return { status: 504, body: { error: { type: 'TIMEOUT', message: 'The request took too long' } } };
  }
  return { status: 500, body: { error: { type: 'INTERNAL_ERROR', message: 'Internal server error' } } };
}
