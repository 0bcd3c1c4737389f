import { createHash } from 'node:crypto';
import { OrderRuleError } from './orders.errors';

/** What an Idempotency-Key's record remembers of the request that first used it. */
export interface KeyedAttempt {
  /** One per (customer, key), hashed so any key fits every engine's id rules. */
  recordId: string;
  /** A hash of the route, the caller and the canonical body. */
  fingerprint: string;
  /** Names this key with this body: twin requests (same key, same body) share a cart claim. */
  claimId: string;
}

/** JSON with object keys sorted at every depth, so equal bodies hash equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export function keyedAttempt(route: string, userId: string, key: string, body: unknown): KeyedAttempt {
  const recordId = sha256(`${userId}\n${key}`);
  const fingerprint = sha256(`${route}\n${userId}\n${canonicalJson(body)}`);
  return { recordId, fingerprint, claimId: sha256(`${recordId}\n${fingerprint}`) };
}

/**
 * A key sent again with a different request is a client bug, not a retry: answering the first
 * result would hide it (IETF draft "The Idempotency-Key HTTP Header Field", 422). Records written
 * before fingerprints existed carry none and are taken as matching.
 */
export function assertSameRequest(record: { fingerprint?: string }, attempt: KeyedAttempt): void {
  if (record.fingerprint !== undefined && record.fingerprint !== attempt.fingerprint)
    throw new OrderRuleError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request; use a new key for a new request',
      422,
      { fields: [{ field: 'Idempotency-Key', message: 'Already used with a different request body.' }] },
    );
}
