import { createHash } from 'node:crypto';

export interface CountNow {
  count: number;
  /** Epoch ms when the window ends. */
  resetAt: number;
}

export type ThrottleDecision = { blocked: false } | { blocked: true; retryAfter: number; by: ('email' | 'ip')[] };

/**
 * Before a password is checked: blocked once failures in the window reached the limit for the
 * email or for the address. `retryAfter` is whole seconds until the latest blocking window ends.
 */
export function decideThrottle(
  email: CountNow,
  ip: CountNow | null,
  limits: { perEmail: number; perIp: number },
  now: number,
): ThrottleDecision {
  const by: ('email' | 'ip')[] = [];
  let until = 0;
  if (email.count >= limits.perEmail) {
    by.push('email');
    until = Math.max(until, email.resetAt);
  }
  if (ip && ip.count >= limits.perIp) {
    by.push('ip');
    until = Math.max(until, ip.resetAt);
  }
  if (by.length === 0) return { blocked: false };
  return { blocked: true, retryAfter: Math.max(1, Math.ceil((until - now) / 1000)), by };
}

/** Counter keys carry no readable address: the counter store is not a place for personal data. */
export const emailKey = (normalizedEmail: string): string =>
  `email:${createHash('sha256').update(normalizedEmail).digest('base64url').slice(0, 32)}`;

export const ipKey = (ip: string): string => `ip:${ip}`;
