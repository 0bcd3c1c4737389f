import { ConfigError } from './env';

export interface SigningKey {
  kid: string;
  secret: string;
}

export interface SecurityConfig {
  /** Verification keys; the first signs. Empty in embedded mode until the runner derives one under DATA_DIR. */
  jwtKeys: SigningKey[];
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  resetTokenTtlS: number;
  verifyTokenTtlS: number;
  /** Where fixed-window counters live (gateway rate limit, login throttle): one Redis for the cluster. */
  counterStore: 'redis' | 'memory';
  rateLimit: { limit: number; windowMs: number };
  loginThrottle: { perEmail: number; perIp: number; windowS: number };
  /** Behind a proxy, the client address comes from X-Forwarded-For; otherwise it is the socket's. */
  trustProxy: boolean;
  /** Proxies we run in front of the gateway: the client is the entry this many places from the right. */
  trustProxyHops: number;
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
export const MIN_SECRET_LENGTH = 32;

/** `kid:secret,kid:secret` — the first key signs, all verify, so keys rotate without logging anyone out. */
export function parseJwtKeys(raw: string | undefined): SigningKey[] {
  if (raw === undefined) return [];
  const expected = `kid:secret pairs separated by commas, kid of letters/digits/_/-, secret at least ${MIN_SECRET_LENGTH} characters`;
  return parseKeyPairs('JWT_KEYS', raw, expected, (secret) => secret.length >= MIN_SECRET_LENGTH).map(({ id, secret }) => ({
    kid: id,
    secret,
  }));
}

/**
 * `id:secret,id:secret` with distinct ids of letters, digits, `_` and `-` (JWT_KEYS, PII_KEYS);
 * `valid` judges each secret. A bad pair is named by its id only: a secret is never echoed back.
 */
export function parseKeyPairs(
  variable: string,
  raw: string,
  expected: string,
  valid: (secret: string) => boolean,
): { id: string; secret: string }[] {
  const keys = raw.split(',').map((pair) => {
    const at = pair.indexOf(':');
    const id = pair.slice(0, at).trim();
    const secret = pair.slice(at + 1).trim();
    if (at <= 0 || !KID.test(id) || !valid(secret)) throw new ConfigError(variable, expected, `${id || '?'}:***`);
    return { id, secret };
  });
  const ids = keys.map((k) => k.id);
  const dup = ids.find((k, i) => ids.indexOf(k) !== i);
  if (dup) throw new ConfigError(variable, 'pairs with distinct key ids', `${dup} twice`);
  return keys;
}
