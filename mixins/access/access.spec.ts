import { SignJWT } from 'jose';
import { checkRule, decide, standingOf } from './access.domain';
import { InvalidTokenError, signAccessToken, verifyAccessToken } from './access-token';
import { SYSTEM_PRINCIPAL, type Principal } from './access.types';

const customer: Principal = { id: 'c1', roles: ['customer'] };
const support: Principal = { id: 's1', roles: ['support'] };

describe('access rules', () => {
  it('decides each rule for each kind of caller', () => {
    expect(decide('public', undefined)).toBe('allow');
    expect(decide('authenticated', undefined)).toBe('unauthenticated');
    expect(decide('authenticated', customer)).toBe('allow');
    expect(decide({ roles: ['admin'] }, undefined)).toBe('unauthenticated');
    expect(decide({ roles: ['admin'] }, customer)).toBe('forbidden');
    expect(decide({ roles: ['support', 'admin'] }, support)).toBe('allow');
    expect(decide({ roles: ['admin'] }, SYSTEM_PRINCIPAL)).toBe('allow');
  });

  it('refuses a missing, malformed or routed-internal rule when the service starts', () => {
    expect(() => checkRule('x.a', undefined, true)).toThrow(/declares no access rule/);
    expect(() => checkRule('x.a', 'internal', true)).toThrow(/internal but has a REST route/);
    expect(() => checkRule('x.a', { roles: ['root'] }, false)).toThrow(/invalid access rule/);
    expect(() => checkRule('x.a', { roles: [] }, false)).toThrow(/invalid access rule/);
    expect(checkRule('x.a', { roles: ['admin'] }, true)).toEqual({ roles: ['admin'] });
  });
});

describe('access tokens', () => {
  const current = { kid: 'k2', secret: 'c'.repeat(40) };
  const previous = { kid: 'k1', secret: 'p'.repeat(40) };
  const input = { userId: 'u1', roles: ['customer' as const], email: 'u@example.com', sid: 'f1', epoch: 2 };
  const TTL = 60;

  it('round-trips the principal and verifies tokens of every configured key (rotation)', async () => {
    const byOld = await signAccessToken([previous], input, 60);
    const byNew = await signAccessToken([current, previous], input, 60);
    for (const token of [byOld, byNew])
      expect(await verifyAccessToken([current, previous], token, TTL)).toEqual({
        id: 'u1',
        roles: ['customer'],
        email: 'u@example.com',
        sid: 'f1',
        epoch: 2,
      });
    // Once the old key is dropped, its tokens stop working.
    await expect(verifyAccessToken([current], byOld, TTL)).rejects.toEqual(new InvalidTokenError('invalid'));
  });

  it('refuses tampered, unsigned and expired tokens', async () => {
    const token = await signAccessToken([current], input, 60);
    const [h, p, s] = token.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] }),
    ).toString('base64url');
    await expect(verifyAccessToken([current], `${h}.${elevated}.${s}`, TTL)).rejects.toMatchObject({ reason: 'invalid' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k2' })).toString('base64url');
    await expect(verifyAccessToken([current], `${none}.${p}.`, TTL)).rejects.toMatchObject({ reason: 'invalid' });
    const expired = await signAccessToken([current], input, -10);
    await expect(verifyAccessToken([current], expired, TTL)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('drops roles it does not know', async () => {
    const token = await signAccessToken([current], { ...input, roles: ['customer', 'root' as never] }, 60);
    expect((await verifyAccessToken([current], token, TTL)).roles).toEqual(['customer']);
  });

  /** Signed with the right key, issuer and audience, but with claims auth never issues. */
  const forge = (claims: { iat?: number; exp?: number }) => {
    let jwt = new SignJWT({ roles: ['admin'], sid: 'f1' })
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .setSubject('u1')
      .setIssuer('reactive-shop')
      .setAudience('reactive-shop-api');
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(new TextEncoder().encode(current.secret));
  };

  it('refuses signed tokens that live longer than the access-token TTL, or say nothing of when', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const claims of [
      { iat: now },
      { exp: now + TTL },
      { iat: now, exp: now + 10 * 365 * 86_400 },
      { iat: now, exp: now + TTL + 1 },
      { iat: now + 3600, exp: now + 3600 + TTL },
    ])
      await expect(verifyAccessToken([current], await forge(claims), TTL)).rejects.toMatchObject({ reason: 'invalid' });
    expect((await verifyAccessToken([current], await forge({ iat: now, exp: now + TTL }), TTL)).id).toBe('u1');
  });

  it('reads a token without an epoch (issued before epochs) as epoch 0', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await verifyAccessToken([current], await forge({ iat: now, exp: now + TTL }), TTL)).epoch).toBe(0);
  });
});

describe('token standing', () => {
  it('an ended session wins; an epoch below the published one is stale; none published is current', () => {
    expect(standingOf(true, null, 3)).toBe('session-ended');
    expect(standingOf(false, 2, 1)).toBe('stale');
    expect(standingOf(false, 2, undefined)).toBe('stale');
    expect(standingOf(false, 2, 2)).toBe('current');
    expect(standingOf(false, 2, 3)).toBe('current');
    expect(standingOf(false, null, 0)).toBe('current');
  });
});
