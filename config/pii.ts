import { ConfigError, envReader, type Env } from './env';

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

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const EXPECTED = 'id:base64key pairs separated by commas, id of letters/digits/_/-, key 32 bytes in base64';

/** `PII_KEYS=id1:base64,id2:base64`, `PII_KEY_ID` names the current one (default: the first). */
export function piiConfig(env: Env = process.env, mode: 'embedded' | 'cluster' = 'embedded'): PiiConfig {
  const e = envReader(env);
  const raw = e.optional('PII_KEYS');
  if (raw === undefined) {
    if (mode === 'cluster') throw new ConfigError('PII_KEYS', 'set in cluster mode (id:base64key, same on every node)', '');
    if (e.optional('PII_KEY_ID')) throw new ConfigError('PII_KEY_ID', 'unset unless PII_KEYS is set', e.optional('PII_KEY_ID')!);
    return { keks: [] };
  }
  const keks = raw.split(',').map((pair) => {
    const at = pair.indexOf(':');
    const id = pair.slice(0, at).trim();
    const b64 = pair.slice(at + 1).trim();
    const key = Buffer.from(b64, 'base64');
    // The key itself is never echoed back.
    if (at <= 0 || !KID.test(id) || key.length !== 32 || !/^[A-Za-z0-9+/_-]+=*$/.test(b64))
      throw new ConfigError('PII_KEYS', EXPECTED, `${id || '?'}:***`);
    return { id, key };
  });
  const ids = keks.map((k) => k.id);
  const dup = ids.find((k, i) => ids.indexOf(k) !== i);
  if (dup) throw new ConfigError('PII_KEYS', 'pairs with distinct key ids', `${dup} twice`);
  const currentKekId = e.str('PII_KEY_ID', ids[0]);
  if (!ids.includes(currentKekId))
    throw new ConfigError('PII_KEY_ID', `one of the ids in PII_KEYS (${ids.join(', ')})`, currentKekId);
  return { keks, currentKekId };
}
