import { canonicalPayload, signPayload, verifySignature } from './signature';

const secret = 'whsec_test_secret_of_enough_length_123456';
const event = { id: 'evt_1', type: 'charge.refunded', providerRef: 'ch_1', created: 1_700_000_000 };
const payload = canonicalPayload(event);
const now = 1_700_000_100;

describe('webhook signatures', () => {
  it('accepts its own signature within the tolerance', () => {
    expect(verifySignature(secret, signPayload(secret, payload, now - 299), payload, now)).toEqual({ ok: true });
    expect(verifySignature(secret, signPayload(secret, payload, now + 299), payload, now)).toEqual({ ok: true });
  });

  it('refuses another secret, another body, or a tampered time as a mismatch', () => {
    const header = signPayload(secret, payload, now);
    expect(verifySignature('another_secret_of_enough_length_0000000', header, payload, now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(secret, header, canonicalPayload({ ...event, type: 'charge.captured' }), now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(secret, header.replace(`t=${now}`, `t=${now + 1}`), payload, now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('calls an authentic but old (or far future) signature stale', () => {
    expect(verifySignature(secret, signPayload(secret, payload, now - 301), payload, now)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySignature(secret, signPayload(secret, payload, now + 301), payload, now)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySignature(secret, signPayload(secret, payload, now - 50), payload, now, 30)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('refuses missing and malformed headers', () => {
    expect(verifySignature(secret, undefined, payload, now)).toEqual({ ok: false, reason: 'missing' });
    for (const header of [
      'garbage',
      't=abc,v1=00',
      `t=${now}`,
      `v1=${'a'.repeat(64)}`,
      `t=${now},v1=${'g'.repeat(64)}`,
      'x'.repeat(2000),
    ])
      expect(verifySignature(secret, header, payload, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts any matching v1 (a rotating provider sends one per secret)', () => {
    const good = signPayload(secret, payload, now).split(',v1=')[1];
    expect(verifySignature(secret, `t=${now},v1=${'0'.repeat(64)},v1=${good}`, payload, now)).toEqual({ ok: true });
  });

  it('signs what JSON.stringify writes, so key order is part of the payload', () => {
    const reordered = canonicalPayload({
      type: event.type,
      id: event.id,
      providerRef: event.providerRef,
      created: event.created,
    });
    expect(verifySignature(secret, signPayload(secret, payload, now), reordered, now)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
