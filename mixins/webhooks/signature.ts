import { createHmac, timingSafeEqual } from 'node:crypto';
import { Errors } from 'moleculer';

/**
 * Webhook signatures, Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`.
 * The gateway hands services parsed JSON, so the payload signed and verified is
 * `JSON.stringify(event)` of the parsed body; the sandboxes (payments, the carrier) send exactly
 * that string as the body. One implementation for every service that receives webhooks.
 */
export const SIGNATURE_HEADER = 'X-Sandbox-Signature';
export const DEFAULT_TOLERANCE_S = 300;

export const canonicalPayload = (event: unknown): string => JSON.stringify(event);

const hmac = (secret: string, t: number, payload: string) => createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');

export function signPayload(secret: string, payload: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${hmac(secret, t, payload)}`;
}

export type SignatureFailure = 'missing' | 'malformed' | 'mismatch' | 'stale';
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

const T = /^\d{1,12}$/;
const V1 = /^[0-9a-f]{64}$/;

/** Any `v1` entry may match (a provider rotating its secret sends one per secret); the time must be within the tolerance. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  payload: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = DEFAULT_TOLERANCE_S,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  if (header.length > 1024) return { ok: false, reason: 'malformed' };
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't' && T.test(value)) t = Number(value);
    else if (key === 'v1' && V1.test(value)) candidates.push(value);
  }
  if (t === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(hmac(secret, t, payload), 'hex');
  if (!candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected))) return { ok: false, reason: 'mismatch' };
  // Checked only for an authentic message, so a forger learns nothing from which check failed.
  if (Math.abs(nowS - t) > toleranceS) return { ok: false, reason: 'stale' };
  return { ok: true };
}

/** The 400 for a failed check: says only whether it was stale, never which part of a forgery failed. */
export const badSignature = (stale: boolean) =>
  new Errors.MoleculerClientError(
    stale ? 'The webhook signature has expired' : 'Invalid webhook signature',
    400,
    'INVALID_SIGNATURE',
  );
