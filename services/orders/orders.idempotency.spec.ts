import { assertSameRequest, canonicalJson, keyedAttempt } from './orders.idempotency';
import { OrderRuleError } from './orders.errors';

describe('Idempotency-Key fingerprints', () => {
  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('same caller, key and body (in any key order): same record, fingerprint and claim', () => {
    const a = keyedAttempt('POST /api/orders', 'u1', 'k1', { x: 1, y: { p: 'a', q: 'b' } });
    const b = keyedAttempt('POST /api/orders', 'u1', 'k1', { y: { q: 'b', p: 'a' }, x: 1 });
    expect(b).toEqual(a);
  });

  it('the record is per caller and key; the fingerprint also per body and route', () => {
    const base = keyedAttempt('POST /api/orders', 'u1', 'k1', { x: 1 });
    const otherBody = keyedAttempt('POST /api/orders', 'u1', 'k1', { x: 2 });
    expect(otherBody.recordId).toBe(base.recordId);
    expect(otherBody.fingerprint).not.toBe(base.fingerprint);
    expect(otherBody.claimId).not.toBe(base.claimId);
    expect(keyedAttempt('POST /api/other', 'u1', 'k1', { x: 1 }).fingerprint).not.toBe(base.fingerprint);
    expect(keyedAttempt('POST /api/orders', 'u2', 'k1', { x: 1 }).recordId).not.toBe(base.recordId);
    expect(keyedAttempt('POST /api/orders', 'u1', 'k2', { x: 1 }).claimId).not.toBe(base.claimId);
  });

  it('a record with another fingerprint is a 422 naming the key; one without any is accepted', () => {
    const attempt = keyedAttempt('POST /api/orders', 'u1', 'k1', { x: 1 });
    expect(() => assertSameRequest({ fingerprint: attempt.fingerprint }, attempt)).not.toThrow();
    expect(() => assertSameRequest({}, attempt)).not.toThrow();
    let err: unknown;
    try {
      assertSameRequest({ fingerprint: 'other' }, attempt);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OrderRuleError);
    expect(err).toMatchObject({ status: 422, data: { fields: [{ field: 'Idempotency-Key' }] } });
  });
});
