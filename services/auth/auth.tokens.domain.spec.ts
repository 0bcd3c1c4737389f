import { createHash } from 'node:crypto';
import {
  decideRefresh,
  familiesToEnd,
  generateOpaqueToken,
  hashToken,
  looksLikeToken,
  lostRotationRace,
} from './auth.tokens.domain';

const NOW = 1_000_000;
const row = (over: Partial<{ status: 'active' | 'rotated' | 'revoked'; expiresAt: number; accountId: string }> = {}) => ({
  status: 'active' as const,
  expiresAt: NOW + 1000,
  accountId: 'a1',
  ...over,
});
const family = (over: Partial<{ status: 'active' | 'revoked'; expiresAt: number }> = {}) => ({
  status: 'active' as const,
  expiresAt: NOW + 1000,
  ...over,
});

describe('opaque tokens', () => {
  it('are 32 random bytes, base64url, never repeating', () => {
    const tokens = new Set(Array.from({ length: 200 }, generateOpaqueToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(looksLikeToken(t)).toBe(true);
    }
  });

  it('are stored as their SHA-256, which is stable and reveals nothing of the token', () => {
    const t = generateOpaqueToken();
    expect(hashToken(t)).toBe(createHash('sha256').update(t).digest('base64url'));
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toContain(t.slice(0, 10));
    expect(hashToken(t)).not.toBe(hashToken(generateOpaqueToken()));
  });

  it.each(['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, `{"$gt":""}`])(
    'rejects the shape of %p without a lookup',
    (t) => expect(looksLikeToken(t)).toBe(false),
  );
});

describe('decideRefresh', () => {
  it('rotates an active token of an active family and account', () =>
    expect(decideRefresh(row(), family(), true, NOW)).toEqual({ kind: 'rotate' }));

  it('treats a rotated token as reuse, even when the account was disabled since', () => {
    expect(decideRefresh(row({ status: 'rotated' }), family(), true, NOW)).toEqual({ kind: 'reuse' });
    expect(decideRefresh(row({ status: 'rotated' }), family(), false, NOW)).toEqual({ kind: 'reuse' });
  });

  it.each([
    ['unknown token', null, family(), true, 'unknown'],
    ['expired token', row({ expiresAt: NOW }), family(), true, 'expired'],
    ['expired family', row(), family({ expiresAt: NOW - 1 }), true, 'expired'],
    ['revoked family', row(), family({ status: 'revoked' }), true, 'revoked'],
    [
      'revoked family, rotated token (already handled)',
      row({ status: 'rotated' }),
      family({ status: 'revoked' }),
      true,
      'revoked',
    ],
    ['revoked token', row({ status: 'revoked' }), family(), true, 'revoked'],
    ['missing family', row(), null, true, 'revoked'],
    ['disabled account', row(), family(), false, 'account-inactive'],
  ] as const)('rejects: %s', (_name, r, f, active, reason) =>
    expect(decideRefresh(r, f, active, NOW)).toEqual({ kind: 'reject', reason }),
  );

  it('calls a conditional-update failure on the presented row a lost race, not one on another op', () => {
    expect(lostRotationRace(0, 0)).toBe(true);
    expect(lostRotationRace(1, 0)).toBe(false);
    expect(lostRotationRace(undefined, 0)).toBe(false);
  });
});

describe('familiesToEnd', () => {
  it('ends the caller’s own session by default', () =>
    expect(familiesToEnd('u1', 'f1', null, false)).toEqual({ all: false, families: ['f1'] }));

  it('also ends the family of a presented token of the caller, once', () => {
    expect(familiesToEnd('u1', 'f1', { family: 'f2', accountId: 'u1' }, false)).toEqual({ all: false, families: ['f1', 'f2'] });
    expect(familiesToEnd('u1', 'f1', { family: 'f1', accountId: 'u1' }, false)).toEqual({ all: false, families: ['f1'] });
  });

  it('ignores a presented token of someone else', () =>
    expect(familiesToEnd('u1', 'f1', { family: 'f9', accountId: 'u2' }, false)).toEqual({ all: false, families: ['f1'] }));

  it('ends everything on request', () => expect(familiesToEnd('u1', 'f1', null, true)).toEqual({ all: true }));
});
