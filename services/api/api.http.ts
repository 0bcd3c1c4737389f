import type { IncomingMessage, ServerResponse } from 'node:http';
import { Errors } from 'moleculer';

type Next = (err?: unknown) => void;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
/** Keys that, copied naively anywhere downstream, would rewrite an object's prototype. */
const POISON = new Set(['__proto__', 'constructor', 'prototype']);

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

/** Path of the first poisonous key in a parsed body, or null. */
export function findPoisonKey(value: unknown, path = ''): string | null {
  if (value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (POISON.has(key)) return here;
    const deeper = findPoisonKey((value as Record<string, unknown>)[key], here);
    if (deeper) return deeper;
  }
  return null;
}

/**
 * Runs after the JSON parser. A body must be one JSON object (params are named fields), and keys
 * such as `__proto__`/`constructor` are rejected, naming the field.
 */
export function checkBodyShape(req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: Next): void {
  if (Array.isArray(req.body)) return next(new Errors.MoleculerClientError('The body must be a JSON object', 400, 'BAD_REQUEST'));
  const field = findPoisonKey(req.body);
  if (field)
    return next(
      new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [
        { field, message: `The '${field}' field is not allowed.` },
      ]),
    );
  next();
}

/** The client's address: the socket's, or the first X-Forwarded-For hop when a trusted proxy sets it. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
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
