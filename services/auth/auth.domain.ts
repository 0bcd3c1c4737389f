import { randomBytes } from 'node:crypto';
import type { Account, PublicAccount } from './auth.contract';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Returns why a password is unacceptable, or null. Length beats composition rules (NIST 800-63B). */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  const local = normalizeEmail(email).split('@')[0];
  const lower = password.toLowerCase();
  if (lower === normalizeEmail(email) || (local.length >= 4 && lower.includes(local))) return 'must not contain the email address';
  if (new Set(password).size < 4) return 'is too repetitive';
  return null;
}

/** 24 random bytes, URL-safe: 192 bits, comfortably past any policy. */
export const generatePassword = (): string => randomBytes(24).toString('base64url');

export function toPublic(account: Account): PublicAccount {
  const { passwordHash: _hash, ...rest } = account;
  return rest;
}
