import { createHash, randomBytes } from 'node:crypto';
import type { RefreshFamily, RefreshTokenRow } from './auth.contract';

/** 32 random bytes, URL-safe: opaque bearer secrets (refresh, reset, verification). */
export const generateOpaqueToken = (): string => randomBytes(32).toString('base64url');

/** What the store keeps instead of the token: a leaked table gives nobody a usable token. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

/** Tokens we issue are exactly 43 URL-safe characters; anything else is not worth a lookup. */
export const looksLikeToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

export type RefreshDecision =
  | { kind: 'rotate' }
  /** A retired token came back: whoever holds the family is not to be trusted, end it. */
  | { kind: 'reuse' }
  | { kind: 'reject'; reason: 'unknown' | 'expired' | 'revoked' | 'account-inactive' };

type Presented = Pick<RefreshTokenRow, 'status' | 'expiresAt' | 'accountId'>;
type Family = Pick<RefreshFamily, 'status' | 'expiresAt'>;

/** Given the row a presented token hashes to (or none), what happens to the request. */
export function decideRefresh(
  row: Presented | null,
  family: Family | null,
  accountActive: boolean,
  now: number,
): RefreshDecision {
  if (!row) return { kind: 'reject', reason: 'unknown' };
  if (row.expiresAt <= now || (family && family.expiresAt <= now)) return { kind: 'reject', reason: 'expired' };
  if (!family || family.status === 'revoked' || row.status === 'revoked') return { kind: 'reject', reason: 'revoked' };
  // Reuse is checked before the account: a stolen token of a disabled account is still evidence of theft.
  if (row.status === 'rotated') return { kind: 'reuse' };
  if (!accountActive) return { kind: 'reject', reason: 'account-inactive' };
  return { kind: 'rotate' };
}

/** The atomic unit that failed on the presented row lost a race with another rotation: the same token was used twice. */
export const lostRotationRace = (failedOpIndex: number | undefined, presentedRowOpIndex: number): boolean =>
  failedOpIndex === presentedRowOpIndex;

/** Which of the caller's families a logout ends. */
export function familiesToEnd(
  callerId: string,
  callerSid: string | undefined,
  presented: Pick<RefreshTokenRow, 'family' | 'accountId'> | null,
  allSessions: boolean,
): { all: true } | { all: false; families: string[] } {
  if (allSessions) return { all: true };
  const families = new Set<string>();
  if (callerSid) families.add(callerSid);
  // Someone else's token is ignored rather than refused, so logout never tells whose a token is.
  if (presented && presented.accountId === callerId) families.add(presented.family);
  return { all: false, families: [...families] };
}
