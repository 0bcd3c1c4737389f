import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Envelope encryption, pure: values are sealed with AES-256-GCM under a data key; data keys are
 * stored wrapped (AES-256-GCM again) by a key-encryption key (KEK) named by its id, so rotating the
 * KEK re-wraps a handful of data keys and never touches the sealed values.
 */
export interface Kek {
  id: string;
  key: Buffer;
}

/** Every KEK that can still unwrap, and the one that wraps from now on. */
export interface KekSet {
  current: Kek;
  all: ReadonlyMap<string, Kek>;
}

export interface WrappedKey {
  kekId: string;
  wrapped: string;
}

const IV = 12;
const TAG = 16;
export const KEY_BYTES = 32;
/** A sealed string; `pii1j` holds a JSON value. The data key id follows, then iv|ciphertext|tag. */
const SEALED = /^pii1(j?):([A-Za-z0-9_.-]+):([A-Za-z0-9_-]+)$/;

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

function gcm(key: Buffer, plain: Buffer, aad: string): string {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function ungcm(key: Buffer, packed: string, aad: string): Buffer {
  const raw = Buffer.from(packed, 'base64url');
  if (raw.length < IV + TAG) throw new EnvelopeError('sealed value is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(raw.length - TAG));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV, raw.length - TAG)), decipher.final()]);
  } catch {
    // Never the key or the value in the message: only that authentication failed.
    throw new EnvelopeError('sealed value failed authentication');
  }
}

export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);

/** The data key id is bound in (AAD), so a wrapped key cannot be passed off as another. */
export function wrapKey(dataKey: Buffer, dataKeyId: string, kek: Kek): WrappedKey {
  return { kekId: kek.id, wrapped: gcm(kek.key, dataKey, `dk:${dataKeyId}`) };
}

export function unwrapKey(wrapped: WrappedKey, dataKeyId: string, keks: KekSet): Buffer {
  const kek = keks.all.get(wrapped.kekId);
  if (!kek) throw new EnvelopeError(`data key ${dataKeyId} is wrapped by KEK ${wrapped.kekId}, which is not configured`);
  return ungcm(kek.key, wrapped.wrapped, `dk:${dataKeyId}`);
}

/** Re-wraps under the current KEK; null when it already is. */
export function rewrapKey(wrapped: WrappedKey, dataKeyId: string, keks: KekSet): WrappedKey | null {
  if (wrapped.kekId === keks.current.id) return null;
  return wrapKey(unwrapKey(wrapped, dataKeyId, keks), dataKeyId, keks.current);
}

/** `field` is bound in (AAD): a sealed email cannot be moved into the name column. */
export function seal(value: unknown, field: string, dataKeyId: string, dataKey: Buffer): string {
  const json = typeof value !== 'string';
  const plain = Buffer.from(json ? JSON.stringify(value) : value, 'utf8');
  return `pii1${json ? 'j' : ''}:${dataKeyId}:${gcm(dataKey, plain, field)}`;
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && SEALED.test(value);

/** The data key id a sealed value needs; null for anything not sealed. */
export function sealedKeyId(value: unknown): string | null {
  return typeof value === 'string' ? (SEALED.exec(value)?.[2] ?? null) : null;
}

export function open(sealed: string, field: string, dataKey: Buffer): unknown {
  const m = SEALED.exec(sealed);
  if (!m) throw new EnvelopeError('not a sealed value');
  const plain = ungcm(dataKey, m[3], field).toString('utf8');
  return m[1] === 'j' ? JSON.parse(plain) : plain;
}

/** A keyed hash for equality lookups (a blind index): equal inputs match, the column alone reveals nothing. */
export const blindIndex = (value: string, key: Buffer): string =>
  createHmac('sha256', key).update(value, 'utf8').digest('base64url');
