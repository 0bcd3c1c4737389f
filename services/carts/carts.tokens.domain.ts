import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: what the gateway accepts in `X-Cart-Token`. */
export const CART_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const newCartToken = (): string => randomBytes(32).toString('base64url');

/** A token as presented, when well-formed; anything else counts as no token. */
export const presentedToken = (value: unknown): string | undefined =>
  typeof value === 'string' && CART_TOKEN.test(value) ? value : undefined;

export const customerCartId = (userId: string): string => `u-${userId}`;

/** Only a hash of the token is stored: a copy of the database does not open anyone's cart. */
export const anonymousCartId = (token: string): string => `a-${createHash('sha256').update(token).digest('hex')}`;
