import { randomBytes } from 'node:crypto';
import {
  blindIndex,
  isSealed,
  newDataKey,
  open,
  rewrapKey,
  seal,
  sealedKeyId,
  unwrapKey,
  wrapKey,
  type Kek,
  type KekSet,
} from './envelope';

const kek = (id: string): Kek => ({ id, key: randomBytes(32) });
const setOf = (current: Kek, ...more: Kek[]): KekSet => ({ current, all: new Map([current, ...more].map((k) => [k.id, k])) });

describe('envelope', () => {
  const key = newDataKey();

  it('seals strings and JSON values so that only the data key opens them', () => {
    const sealed = seal('ann.smith@example.com', 'profiles.email', 'profiles', key);
    expect(isSealed(sealed)).toBe(true);
    expect(sealedKeyId(sealed)).toBe('profiles');
    expect(sealed).not.toContain('ann');
    expect(open(sealed, 'profiles.email', key)).toBe('ann.smith@example.com');
    const address = { line1: '1 Main St', city: 'Berlin' };
    expect(open(seal(address, 'orders.shippingAddress', 'orders', key), 'orders.shippingAddress', key)).toEqual(address);
    // Random IVs: equal values never look equal at rest.
    expect(seal('x', 'f', 'k', key)).not.toBe(seal('x', 'f', 'k', key));
  });

  it('refuses another key, another field, and any tampering', () => {
    const sealed = seal('Ann Smith', 'profiles.name', 'profiles', key);
    expect(() => open(sealed, 'profiles.name', newDataKey())).toThrow('failed authentication');
    expect(() => open(sealed, 'profiles.email', key)).toThrow('failed authentication');
    const body = sealed.slice(sealed.lastIndexOf(':') + 1);
    const flipped = Buffer.from(body, 'base64url');
    flipped[15] ^= 1;
    expect(() => open(sealed.replace(body, flipped.toString('base64url')), 'profiles.name', key)).toThrow(
      'failed authentication',
    );
    expect(() => open('plain text', 'profiles.name', key)).toThrow('not a sealed value');
    expect(isSealed('pii1:profiles')).toBe(false);
  });

  it('wraps data keys under a KEK and re-wraps them under the current one', () => {
    const [k1, k2] = [kek('k1'), kek('k2')];
    const wrapped = wrapKey(key, 'profiles', k1);
    expect(wrapped.kekId).toBe('k1');
    expect(unwrapKey(wrapped, 'profiles', setOf(k1))).toEqual(key);
    // The data key id is bound in: a wrapped key cannot stand in for another.
    expect(() => unwrapKey(wrapped, 'addresses', setOf(k1))).toThrow('failed authentication');
    expect(rewrapKey(wrapped, 'profiles', setOf(k1, k2))).toBeNull();
    const rewrapped = rewrapKey(wrapped, 'profiles', setOf(k2, k1))!;
    expect(rewrapped.kekId).toBe('k2');
    // Once re-wrapped, the old KEK is no longer needed.
    expect(unwrapKey(rewrapped, 'profiles', setOf(k2))).toEqual(key);
    expect(() => unwrapKey(wrapped, 'profiles', setOf(k2))).toThrow('KEK k1, which is not configured');
  });

  it('hashes for lookups deterministically per key', () => {
    const other = newDataKey();
    expect(blindIndex('ann@example.com', key)).toBe(blindIndex('ann@example.com', key));
    expect(blindIndex('ann@example.com', key)).not.toBe(blindIndex('ann@example.com', other));
    expect(blindIndex('ann@example.com', key)).not.toContain('ann');
  });
});
