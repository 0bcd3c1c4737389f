import { decideThrottle, emailKey, ipKey } from './auth.throttle.domain';

const limits = { perEmail: 3, perIp: 10 };
const NOW = 100_000;

describe('decideThrottle', () => {
  it('lets attempts through below both limits', () => {
    expect(decideThrottle({ count: 2, resetAt: NOW + 5000 }, { count: 9, resetAt: NOW + 5000 }, limits, NOW)).toEqual({
      blocked: false,
    });
    expect(decideThrottle({ count: 0, resetAt: NOW + 5000 }, null, limits, NOW)).toEqual({ blocked: false });
  });

  it('blocks at the email limit with the seconds until its window ends, rounded up', () =>
    expect(decideThrottle({ count: 3, resetAt: NOW + 4_001 }, { count: 0, resetAt: NOW + 9000 }, limits, NOW)).toEqual({
      blocked: true,
      retryAfter: 5,
      by: ['email'],
    }));

  it('blocks at the address limit whatever the email', () =>
    expect(decideThrottle({ count: 0, resetAt: NOW + 1000 }, { count: 10, resetAt: NOW + 60_000 }, limits, NOW)).toEqual({
      blocked: true,
      retryAfter: 60,
      by: ['ip'],
    }));

  it('waits for the later window when both block', () =>
    expect(decideThrottle({ count: 7, resetAt: NOW + 2000 }, { count: 11, resetAt: NOW + 30_000 }, limits, NOW)).toMatchObject({
      retryAfter: 30,
      by: ['email', 'ip'],
    }));

  it('never asks to retry in 0 seconds', () =>
    expect(decideThrottle({ count: 3, resetAt: NOW }, null, limits, NOW)).toMatchObject({ blocked: true, retryAfter: 1 }));
});

describe('counter keys', () => {
  it('do not contain the address and do not collide across addresses', () => {
    expect(emailKey('ann@example.com')).not.toContain('ann');
    expect(emailKey('ann@example.com')).toBe(emailKey('ann@example.com'));
    expect(emailKey('ann@example.com')).not.toBe(emailKey('bob@example.com'));
    expect(ipKey('10.0.0.1')).toBe('ip:10.0.0.1');
  });
});
