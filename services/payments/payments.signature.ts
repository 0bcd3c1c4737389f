import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`.
 * The gateway hands services parsed JSON, so the payload signed and verified is
 * `JSON.stringify(event)` of the parsed body; the sandbox sends exactly that string as the body.
 */
export const SIGNATURE_HEADER = 'X-Sandbox-Signature';
export const DEFAULT_TOLERANCE_S = 300;
/** Embedded mode's webhook secret when PAYMENT_WEBHOOK_SECRET is unset: made on first start under DATA_DIR, never shipped. */
export const WEBHOOK_SECRET_FILE = 'payment-webhook-secret';

export const canonicalPayload = (event: unknown): string => JSON.stringify(event);

const hmac = (secret: string, t: number, payload: string) => createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');

export function signPayload(secret: string, payload: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${hmac(secret, t, payload)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'stale' };

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
