import { ConfigError, envReader, type Env } from './env';
import { parseKeyPairs } from './security';

/** A key-encryption key as configured: its id and its 32 bytes. */
export interface KekConfig {
  id: string;
  key: Buffer;
}

export interface PiiConfig {
  /** Every KEK that may unwrap a data key. Empty in embedded mode until one is made under DATA_DIR. */
  keks: KekConfig[];
  /** The KEK new and re-wrapped data keys are wrapped under. */
  currentKekId?: string;
}

const EXPECTED = 'id:base64key pairs separated by commas, id of letters/digits/_/-, key 32 bytes in base64';

/** `PII_KEYS=id1:base64,id2:base64`, `PII_KEY_ID` names the current one (default: the first). */
export function piiConfig(env: Env = process.env, mode: 'embedded' | 'cluster' = 'embedded'): PiiConfig {
  const e = envReader(env);
  const raw = e.optional('PII_KEYS');
  if (raw === undefined) {
    if (mode === 'cluster') throw new ConfigError('PII_KEYS', 'set in cluster mode (id:base64key, same on every node)', '');
    const keyId = e.optional('PII_KEY_ID');
    if (keyId) throw new ConfigError('PII_KEY_ID', 'unset unless PII_KEYS is set', keyId);
    return { keks: [] };
  }
  const isKey = (b64: string) => /^[A-Za-z0-9+/_-]+=*$/.test(b64) && Buffer.from(b64, 'base64').length === 32;
  const keks = parseKeyPairs('PII_KEYS', raw, EXPECTED, isKey).map(({ id, secret }) => ({
    id,
    key: Buffer.from(secret, 'base64'),
  }));
  const ids = keks.map((k) => k.id);
  const currentKekId = e.str('PII_KEY_ID', ids[0]);
  if (!ids.includes(currentKekId))
    throw new ConfigError('PII_KEY_ID', `one of the ids in PII_KEYS (${ids.join(', ')})`, currentKekId);
  return { keks, currentKekId };
}
