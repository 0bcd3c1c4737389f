import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { SigningKey } from '../../config/security';
import { ROLES, type Principal, type Role } from './access.types';

const ISSUER = 'reactive-shop';
const AUDIENCE = 'reactive-shop-api';
const ALG = 'HS256';

const encoder = new TextEncoder();
const keyBytes = (k: SigningKey) => encoder.encode(k.secret);

export interface AccessTokenInput {
  userId: string;
  roles: Role[];
  email: string;
  sid: string;
}

/** Signs a short-lived access token with the first (active) key; `kid` names it for verification. */
export async function signAccessToken(keys: SigningKey[], input: AccessTokenInput, ttlS: number): Promise<string> {
  const [active] = keys;
  if (!active) throw new Error('No signing key configured');
  return new SignJWT({ roles: input.roles, email: input.email, sid: input.sid })
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

/** Verifies signature (by `kid`), algorithm, issuer, audience and expiry; returns the principal. */
export async function verifyAccessToken(keys: SigningKey[], token: string): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new InvalidTokenError('invalid');
        return keyBytes(key);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG] },
    ));
  } catch (err) {
    throw new InvalidTokenError(err instanceof errors.JWTExpired ? 'expired' : 'invalid');
  }
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r))
    : [];
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('invalid');
  return {
    id: payload.sub,
    roles,
    email: typeof payload.email === 'string' ? payload.email : undefined,
    sid: typeof payload.sid === 'string' ? payload.sid : undefined,
  };
}
