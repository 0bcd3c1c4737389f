import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config/config';
import { piiConfig } from '../../config/pii';
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
  const file = path.join(dataDir, LOCAL_KEK_FILE);
  const read = () => piiConfig({ PII_KEYS: readFileSync(file, 'utf8').trim() });
  try {
    return read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dataDir, { recursive: true });
    // 'wx' loses gracefully to a concurrent first start: whoever wrote first wins, the other re-reads.
    try {
      writeFileSync(file, `local:${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      /* written by the other starter */
    }
    return read();
  }
}
