import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/config';
import { piiConfig } from '../../config/pii';
import { localSecret } from '../local-secret';
import { KEY_BYTES, type KekSet } from './envelope';

export const LOCAL_KEK_FILE = 'pii-kek';

/**
 * The configured KEKs; in embedded mode without PII_KEYS, one generated on first start and kept
 * (owner-only) under DATA_DIR, as the JWT secret is. Cluster mode refuses to start without keys.
 */
export function kekSet(cfg: Pick<AppConfig, 'pii' | 'dataDir'>): KekSet {
  const { keks, currentKekId } = cfg.pii.keks.length > 0 ? cfg.pii : localKeks(cfg.dataDir);
  const all = new Map(keks.map((k) => [k.id, k]));
  return { current: all.get(currentKekId!)!, all };
}

function localKeks(dataDir: string) {
  const keys = localSecret(dataDir, LOCAL_KEK_FILE, () => `local:${randomBytes(KEY_BYTES).toString('base64')}`);
  return piiConfig({ PII_KEYS: keys });
}
