import { createHash } from 'node:crypto';

export interface CountNow {
  count: number;
  /** Epoch ms when the window ends. */
  resetAt: number;
}

export interface LoginLimits {
  /** Password checks per email from one address per window; then 429. */
  perEmail: number;
  /** Password checks per address, whatever the email, per window; then 429. */
  perIp: number;
}

export type ThrottleDecision =
  { blocked: false; delayMs: number } | { blocked: true; retryAfter: number; by: ('email' | 'ip')[] };

/** Added wait for an email under attack from many addresses: starts small, doubles, and stops at this. */
export const SLOWDOWN_BASE_MS = 250;
export const SLOWDOWN_MAX_MS = 4_000;

/**
 * Before a password is checked. `pair` (this email from this address) and `ip` are counts that
 * already include this attempt: each was reserved by one atomic increment, so concurrent attempts
 * get distinct counts and at most the limit of them go on to a password check. `emailFailures`
 * (from every address) never blocks: the owner signing in from their own address must not be
 * locked out by someone else's guesses (OWASP: lockout is a denial of service); it only slows.
 */
export function decideAttempt(
  pair: CountNow,
  ip: CountNow | null,
  emailFailures: number,
  limits: LoginLimits,
  now: number,
): ThrottleDecision {
  const by: ('email' | 'ip')[] = [];
  let until = 0;
  if (pair.count > limits.perEmail) {
    by.push('email');
    until = Math.max(until, pair.resetAt);
  }
  if (ip && ip.count > limits.perIp) {
    by.push('ip');
    until = Math.max(until, ip.resetAt);
  }
  if (by.length > 0) return { blocked: true, retryAfter: Math.max(1, Math.ceil((until - now) / 1000)), by };
  return { blocked: false, delayMs: slowdownMs(emailFailures, limits.perEmail) };
}

/** No wait below `after` failures of an email across addresses; then 250 ms doubling per failure, at most 4 s. */
export function slowdownMs(failures: number, after: number): number {
  if (failures < after) return 0;
  return Math.min(SLOWDOWN_MAX_MS, SLOWDOWN_BASE_MS * 2 ** Math.min(failures - after, 16));
}

const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 32);

/** Counter keys carry no readable address: the counter store is not a place for personal data. */
export const emailKey = (normalizedEmail: string): string => `email:${digest(normalizedEmail)}`;

/** One email from one client address (none: a call straight over the broker). */
export const emailIpKey = (normalizedEmail: string, ip: string | undefined): string =>
  `email-ip:${digest(`${normalizedEmail}\n${ip ?? ''}`)}`;

export const ipKey = (ip: string): string => `ip:${ip}`;
