import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config/config';
import type { SigningKey } from '../../config/security';

/**
 * The configured keys; in embedded mode without JWT_KEYS, one generated on first start and kept
 * (owner-only) under DATA_DIR so tokens survive a restart. Cluster mode refuses to start without keys.
 */
export function signingKeys(cfg: AppConfig): SigningKey[] {
  if (cfg.security.jwtKeys.length > 0) return cfg.security.jwtKeys;
  const file = path.join(cfg.dataDir, 'jwt-secret');
  try {
    return [{ kid: 'local', secret: readFileSync(file, 'utf8').trim() }];
  } catch {
    mkdirSync(cfg.dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    // 'wx' loses gracefully to a concurrent first start: whoever wrote first wins, the other re-reads.
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      return [{ kid: 'local', secret: readFileSync(file, 'utf8').trim() }];
    }
    return [{ kid: 'local', secret }];
  }
}
