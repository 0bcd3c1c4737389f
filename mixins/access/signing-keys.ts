import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/config';
import type { SigningKey } from '../../config/security';
import { localSecret } from '../local-secret';

/**
 * The configured keys; in embedded mode without JWT_KEYS, one generated on first start and kept
 * (owner-only) under DATA_DIR so tokens survive a restart. Cluster mode refuses to start without keys.
 */
export function signingKeys(cfg: AppConfig): SigningKey[] {
  if (cfg.security.jwtKeys.length > 0) return cfg.security.jwtKeys;
  return [{ kid: 'local', secret: localSecret(cfg.dataDir, 'jwt-secret', () => randomBytes(48).toString('base64url')) }];
}
