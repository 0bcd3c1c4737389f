import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { Errors } from 'moleculer';
import { checkJsonText } from './json-limits';

type Next = (err?: unknown) => void;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** A caller-supplied request id is kept only when it is safe to echo into logs and headers. */
export function sanitizeRequestId(req: IncomingMessage, _res: ServerResponse, next: Next): void {
  for (const h of ['x-request-id', 'x-correlation-id']) {
    const v = req.headers[h];
    if (v !== undefined && (typeof v !== 'string' || !REQUEST_ID.test(v))) delete req.headers[h];
  }
  next();
}

/** Writes take JSON only: a body in any other form is refused before it could be half-understood. */
export function requireJsonBody(req: IncomingMessage, _res: ServerResponse, next: Next): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (WITH_BODY.has(req.method ?? '') && hasBody && type !== 'application/json') {
    return next(new Errors.MoleculerClientError('Send the body as application/json', 415, 'UNSUPPORTED_MEDIA_TYPE'));
  }
  next();
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/**
 * A middleware whose synchronous throw becomes the request's error. moleculer-web calls the ones
 * after the body parser from inside the parser's stream callback, where a throw is uncaught and
 * ends the process.
 */
export function guarded(mw: Middleware): Middleware {
  return function guardedMiddleware(this: unknown, req, res, next) {
    let called = false;
    try {
      mw.call(this, req, res, (err?: unknown) => {
        called = true;
        next(err);
      });
    } catch (err) {
      if (!called) next(err);
    }
  };
}

/** An error body-parser passes on with our status and type (it takes `status` from a thrown error). */
function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type });
}

/**
 * body-parser's `verify` hook: runs on the raw bytes before JSON.parse, so a hostile body is refused
 * after one linear scan and nothing downstream ever walks a deep or huge value.
 */
export function verifyJsonBody(_req: IncomingMessage, _res: ServerResponse, buf: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding.toLowerCase() !== 'utf-8')
    throw bodyError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8 JSON');
  const breach = checkJsonText(buf.toString('utf8'));
  if (!breach) return;
  if (breach.status === 422)
    throw Object.assign(
      new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [{ field: breach.field, message: breach.message }]),
      { status: 422 },
    );
  throw bodyError(breach.status, breach.type, breach.message);
}

/** Runs after the JSON parser: a body must be one JSON object (params are named fields). */
export function checkBodyShape(req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: Next): void {
  if (Array.isArray(req.body)) return next(new Errors.MoleculerClientError('The body must be a JSON object', 400, 'BAD_REQUEST'));
  next();
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READS = new Set(['GET', 'HEAD']);

/**
 * Writes take their parameters from the body and path only: a query string would be logged,
 * cached and kept in browser history (a password in it would leak), and would silently win over
 * the body. Reads take query and path only, so no body can add hidden parameters to them.
 */
export function paramsFromOneSource(
  req: IncomingMessage & { query?: object; body?: unknown },
  _res: ServerResponse,
  next: Next,
): void {
  const method = req.method ?? '';
  const names = Object.keys(req.query ?? {});
  if (WRITES.has(method) && names.length) {
    const shown = names.slice(0, 5).map((n) => n.replace(/[^A-Za-z0-9_.-]/g, '?').slice(0, 40));
    return next(
      new Errors.MoleculerClientError(
        `${method} takes its parameters from the body and path, not the query string (got: ${shown.join(', ')})`,
        400,
        'QUERY_NOT_ALLOWED',
      ),
    );
  }
  const body = req.body;
  if (READS.has(method) && body !== undefined && !(typeof body === 'object' && body !== null && Object.keys(body).length === 0))
    return next(
      new Errors.MoleculerClientError(
        `${method} takes no body; send its parameters in the query string`,
        400,
        'BODY_NOT_ALLOWED',
      ),
    );
  next();
}

/**
 * The client's address. Behind `hops` proxies we run, each appended the address it received the
 * request from to X-Forwarded-For, so the client is the entry `hops` places from the right; entries
 * further left were written by the client and prove nothing. `hops` 0: the socket's address.
 */
export function clientIp(req: IncomingMessage, hops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (hops <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) return socket;
  const entry = entries[Math.max(0, entries.length - hops)];
  return isIP(entry) ? entry : socket;
}

const CART_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** An anonymous cart's token from `X-Cart-Token`, when well-formed (32 random bytes, base64url). */
export function cartTokenOf(req: IncomingMessage): string | undefined {
  const v = req.headers['x-cart-token'];
  return typeof v === 'string' && CART_TOKEN.test(v) ? v : undefined;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The client's `Idempotency-Key` (a retried write names the same attempt), when well-formed. */
export function idempotencyKeyOf(req: IncomingMessage): string | undefined {
  const v = req.headers['idempotency-key'];
  return typeof v === 'string' && IDEMPOTENCY_KEY.test(v) ? v : undefined;
}

const WEBHOOK_SIGNATURE = /^[A-Za-z0-9=,]{1,1024}$/;

/** A payment provider's callback signature (`X-Sandbox-Signature`), when well-formed; the payments service verifies it. */
export function webhookSignatureOf(req: IncomingMessage): string | undefined {
  const v = req.headers['x-sandbox-signature'];
  return typeof v === 'string' && WEBHOOK_SIGNATURE.test(v) ? v : undefined;
}
