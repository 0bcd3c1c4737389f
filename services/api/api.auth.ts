import type { IncomingMessage } from 'node:http';
import { Errors } from 'moleculer';
import type { SigningKey } from '../../config/security';
import { InvalidTokenError, verifyAccessToken } from '../../mixins/access/access-token';
import type { Principal } from '../../mixins/access/access.types';
import type { SessionRevocations } from '../../mixins/access/session-revocations';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * The caller of a request: null when it carries no Authorization header. A header that is present
 * but malformed, forged or expired is refused (401) rather than treated as anonymous, so a client
 * with a stale token learns to refresh instead of seeing public data.
 */
export async function authenticateRequest(
  req: IncomingMessage,
  keys: SigningKey[],
  revoked: SessionRevocations,
  maxLifetimeS: number,
): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return null;
  const m = BEARER.exec(header.trim());
  if (!m) throw unauthorized('Use an Authorization header of the form: Bearer <access token>', 'INVALID_TOKEN');
  let principal: Principal;
  try {
    principal = await verifyAccessToken(keys, m[1], maxLifetimeS);
  } catch (err) {
    if (err instanceof InvalidTokenError && err.reason === 'expired')
      throw unauthorized('The access token has expired; refresh it', 'TOKEN_EXPIRED');
    throw unauthorized('The access token is not valid', 'INVALID_TOKEN');
  }
  const standing = await revoked.standing(principal);
  if (standing === 'session-ended') throw unauthorized('This session has ended; sign in again', 'SESSION_ENDED');
  // Roles or status changed since the token was issued: a refresh gets one with what is true now.
  if (standing === 'stale') throw unauthorized('This access token is out of date; refresh it or sign in again', 'TOKEN_STALE');
  return principal;
}

const unauthorized = (message: string, type: string) => new Errors.MoleculerClientError(message, 401, type);
