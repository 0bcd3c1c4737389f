import { decideAttempt, emailIpKey, emailKey, ipKey, slowdownMs, SLOWDOWN_MAX_MS } from './auth.throttle.domain';

const limits = { perEmail: 3, perIp: 10 };
const NOW = 100_000;
const at = (count: number, inMs = 5_000) => ({ count, resetAt: NOW + inMs });

describe('decideAttempt (counts include the attempt being decided)', () => {
  it('lets attempts through up to both limits, without delay while the email has few failures', () => {
    expect(decideAttempt(at(3), at(10), 0, limits, NOW)).toEqual({ blocked: false, delayMs: 0 });
    expect(decideAttempt(at(1), null, 2, limits, NOW)).toEqual({ blocked: false, delayMs: 0 });
  });

  it('blocks past the email-from-this-address limit with the seconds until its window ends, rounded up', () =>
    expect(decideAttempt(at(4, 4_001), at(1, 9_000), 0, limits, NOW)).toEqual({ blocked: true, retryAfter: 5, by: ['email'] }));

  it('blocks past the address limit whatever the email', () =>
    expect(decideAttempt(at(1, 1_000), at(11, 60_000), 0, limits, NOW)).toEqual({ blocked: true, retryAfter: 60, by: ['ip'] }));

  it('waits for the later window when both block', () =>
    expect(decideAttempt(at(7, 2_000), at(11, 30_000), 0, limits, NOW)).toMatchObject({ retryAfter: 30, by: ['email', 'ip'] }));

  it('never asks to retry in 0 seconds', () =>
    expect(decideAttempt(at(4, 0), null, 0, limits, NOW)).toMatchObject({ blocked: true, retryAfter: 1 }));

  it('never blocks for failures of the email from other addresses: it only slows the check', () => {
    expect(decideAttempt(at(1), at(1), 1_000, limits, NOW)).toEqual({ blocked: false, delayMs: SLOWDOWN_MAX_MS });
  });
});

describe('slowdownMs', () => {
  it('is 0 below the limit, then doubles from 250 ms up to its cap', () => {
    expect([2, 3, 4, 5, 6, 7, 8, 9, 1e9].map((n) => slowdownMs(n, 3))).toEqual([0, 250, 500, 1000, 2000, 4000, 4000, 4000, 4000]);
  });
});

describe('counter keys', () => {
  it('do not contain the address and do not collide across emails or client addresses', () => {
    expect(emailKey('ann@example.com')).not.toContain('ann');
    expect(emailKey('ann@example.com')).toBe(emailKey('ann@example.com'));
    expect(emailKey('ann@example.com')).not.toBe(emailKey('bob@example.com'));
    expect(emailIpKey('ann@example.com', '10.0.0.1')).not.toContain('10.0.0.1');
    expect(emailIpKey('ann@example.com', '10.0.0.1')).not.toBe(emailIpKey('ann@example.com', '10.0.0.2'));
    expect(emailIpKey('ann@example.com', undefined)).not.toBe(emailIpKey('ann@example.com', '10.0.0.1'));
    expect(ipKey('10.0.0.1')).toBe('ip:10.0.0.1');
  });
});
