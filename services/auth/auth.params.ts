import { ROLES } from '../../mixins/access/access.types';
import { PASSWORD_MAX } from './auth.domain';

/**
 * fastest-validator rules shared by the auth actions. Passwords are bounded generously here so
 * the policy (auth.domain) can say what is wrong in words; every other string is bounded tightly.
 */
export const emailParam = { type: 'email', normalize: true, max: 254 } as const;
/** Login accepts what it may have stored before the policy tightened; the policy applies when one is set. */
export const passwordParam = { type: 'string', min: 1, max: PASSWORD_MAX * 8 } as const;
export const nameParam = { type: 'string', trim: true, min: 1, max: 100, pattern: /^\P{Cc}+$/u } as const;
/** Opaque tokens are 43 characters; a little slack keeps the message about the token, not its length. */
export const tokenParam = { type: 'string', min: 1, max: 256 } as const;
export const idParam = { type: 'string', min: 1, max: 64 } as const;
export const rolesParam = {
  type: 'array',
  min: 1,
  max: ROLES.length,
  unique: true,
  items: { type: 'enum', values: [...ROLES] },
} as const;

/** Paging on GET routes: query strings arrive as text. */
export const pageParams = {
  page: { type: 'number', integer: true, min: 1, max: 10_000, convert: true, default: 1 },
  pageSize: { type: 'number', integer: true, min: 1, max: 100, convert: true, default: 20 },
} as const;
