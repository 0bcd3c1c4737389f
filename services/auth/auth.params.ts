import { ROLES } from '../../mixins/access/access.types';
import { PLAIN_TEXT, personTextParam } from '../../mixins/validation/params';
import { PASSWORD_MAX } from './auth.domain';

/**
 * fastest-validator rules shared by the auth actions. Passwords are bounded generously here so
 * the policy (auth.domain) can say what is wrong in words; every other string is bounded tightly.
 * Strings that reach the store exclude control characters and lone surrogates: PostgreSQL text
 * cannot hold a NUL, and a stray surrogate is no one's name or address.
 */
/** No format characters (Cf: bidi overrides, zero-width spaces): an address holding one could pass for another. */
export const EMAIL_PATTERN = /^[^\s@\p{Cc}\p{Cs}\p{Cf}]+@[^\s@\p{Cc}\p{Cs}\p{Cf}]+\.[^\s@\p{Cc}\p{Cs}\p{Cf}]+$/u;
/** An address, trimmed and lowercased before the pattern applies (the same as normalizeEmail). */
export const emailParam = { type: 'string', trim: true, lowercase: true, min: 3, max: 254, pattern: EMAIL_PATTERN } as const;
/** Login accepts what it may have stored before the policy tightened; the policy applies when one is set. */
export const passwordParam = { type: 'string', min: 1, max: PASSWORD_MAX * 8 } as const;
export const nameParam = personTextParam(100);
/** Opaque tokens are 43 characters; a little slack keeps the message about the token, not its length. */
export const tokenParam = { type: 'string', min: 1, max: 256 } as const;
export { idParam, pageParams } from '../../mixins/validation/params';
export const rolesParam = {
  type: 'array',
  min: 1,
  max: ROLES.length,
  unique: true,
  items: { type: 'enum', values: [...ROLES] },
} as const;
export const searchParam = { type: 'string', trim: true, min: 1, max: 254, pattern: PLAIN_TEXT, optional: true } as const;
export const auditTypeParam = { type: 'string', min: 1, max: 64, pattern: /^[a-z]+(?:[.-][a-z]+)*$/, optional: true } as const;
