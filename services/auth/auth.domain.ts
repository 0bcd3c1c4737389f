import { randomBytes } from 'node:crypto';
import { normalizeEmail } from '../../mixins/pii/normalize';
import type { Account, AccountStatus, PublicAccount, Role } from './auth.contract';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export { normalizeEmail } from '../../mixins/pii/normalize';
export { maskEmail } from '../../mixins/pii/mask';

/** Returns why a password is unacceptable, or null. Length beats composition rules (NIST 800-63B). */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (withoutEmail(password, email).length < PASSWORD_MIN) return 'must not be built from the email address';
  if (new Set(password).size < 4) return 'is too repetitive';
  return null;
}

/**
 * What is left of a password once the email (and its local part, when it is long enough to mean
 * something) is taken out: that rest alone must meet the minimum, so `ann.smith-2024!` fails for
 * ann.smith@… while a long passphrase that merely mentions `admin` passes for admin@….
 */
function withoutEmail(password: string, email: string): string {
  const address = normalizeEmail(email);
  const local = address.split('@')[0];
  let rest = password.toLowerCase().split(address).join('');
  if (local.length >= 4) rest = rest.split(local).join('');
  return rest;
}

/** 24 random bytes, URL-safe: 192 bits, comfortably past any policy. */
export const generatePassword = (): string => randomBytes(24).toString('base64url');

/** An explicit allow-list, so a field added to Account later never leaks by default. */
export function toPublic(account: Account): PublicAccount {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    roles: account.roles,
    status: account.status,
    emailVerified: account.emailVerifiedAt !== undefined && account.emailVerifiedAt !== null,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

export type AdminChangeProblem = 'own-admin-role' | 'own-account-disabled' | null;

/** An admin may not lock themselves out: dropping their own admin role or disabling their own account. */
export function roleChangeProblem(actorId: string, targetId: string, before: Role[], after: Role[]): AdminChangeProblem {
  return actorId === targetId && before.includes('admin') && !after.includes('admin') ? 'own-admin-role' : null;
}

export function statusChangeProblem(actorId: string, targetId: string, status: AccountStatus): AdminChangeProblem {
  return actorId === targetId && status === 'disabled' ? 'own-account-disabled' : null;
}

/** Stable order, no duplicates: what gets stored and compared. */
export const sortRoles = (roles: Role[]): Role[] => [...new Set(roles)].sort();
