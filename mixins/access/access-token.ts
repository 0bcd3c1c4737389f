import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { SigningKey } from '../../config/security';
import { ROLES, type Principal, type Role } from './access.types';

const ISSUER = 'reactive-shop';
const AUDIENCE = 'reactive-shop-api';
const ALG = 'HS256';
/** How far a token's `iat` may be ahead of this node's clock (nodes' clocks differ a little). */
export const CLOCK_SKEW_S = 30;

const encoder = new TextEncoder();
const keyBytes = (k: SigningKey) => encoder.encode(k.secret);

export interface AccessTokenInput {
  userId: string;
  roles: Role[];
  email: string;
  sid: string;
  /** The account's auth epoch now (0 when never raised). */
  epoch: number;
}

/** Signs a short-lived access token with the first (active) key; `kid` names it for verification. */
export async function signAccessToken(keys: SigningKey[], input: AccessTokenInput, ttlS: number): Promise<string> {
  const [active] = keys;
  if (!active) throw new Error('No signing key configured');
  return new SignJWT({ roles: input.roles, email: input.email, sid: input.sid, aep: input.epoch })
    .setProtectedHeader({ alg: ALG, kid: active.kid, typ: 'JWT' })
    .setSubject(input.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlS}s`)
    .sign(keyBytes(active));
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'Access token expired' : 'Access token invalid');
  }
}

/**
 * Verifies signature (by `kid`), algorithm, issuer, audience and expiry, and that the token lives
 * no longer than `maxLifetimeS` (the configured access-token TTL): a token without `iat` or `exp`,
 * or with a lifetime past the TTL, is refused even when signed, so a leaked key or a signing bug
 * cannot mint tokens that outlive every revocation list (those only remember for one TTL).
 */
export async function verifyAccessToken(keys: SigningKey[], token: string, maxLifetimeS: number): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new InvalidTokenError('invalid');
        return keyBytes(key);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG], requiredClaims: ['iat', 'exp', 'sub'] },
    ));
  } catch (err) {
    throw new InvalidTokenError(err instanceof errors.JWTExpired ? 'expired' : 'invalid');
  }
  // An `iat` ahead of the clock would let `exp` reach past one TTL from now; a little skew between nodes is fine.
  const issuedAhead = payload.iat! - Date.now() / 1000;
  if (payload.exp! - payload.iat! > maxLifetimeS || issuedAhead > CLOCK_SKEW_S) throw new InvalidTokenError('invalid');
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r))
    : [];
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('invalid');
  return {
    id: payload.sub,
    roles,
    email: typeof payload.email === 'string' ? payload.email : undefined,
    sid: typeof payload.sid === 'string' ? payload.sid : undefined,
    epoch: Number.isSafeInteger(payload.aep) ? (payload.aep as number) : 0,
  };
}
