import { randomBytes } from 'node:crypto';
import type { Context } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { startPlatform, type Platform } from '../../test/support/platform';
import type { AuditEvent, Page, PublicAccount, SignedIn, TokenPair } from './auth.contract';
import type { AuthThis } from './auth.core';
import { claims, client, eventually, mailsTo, type Call } from './auth.integration.client';

const ADMIN = { email: 'admin@example.com', password: 'a-strong-admin-passphrase' };
const PASSWORD = 'correct horse battery staple';
const run = randomBytes(3).toString('hex');
let seq = 0;
const newEmail = (tag: string) => `${tag}-${run}-${++seq}@example.com`;

let platform: Platform;
let call: Call;
let adminToken: string;
const events: EventEnvelope[] = [];
/** Every secret the test sees: none may appear in a log line. */
const secrets = new Set<string>([PASSWORD, ADMIN.password]);

const register = async (email = newEmail('user'), password = PASSWORD) => {
  const res = await call<SignedIn>('POST', '/auth/register', { email, password, name: 'Test User' });
  if (res.status === 201) [res.body.refreshToken, res.body.accessToken].forEach((s) => secrets.add(s));
  return res;
};
const login = async (email: string, password = PASSWORD, headers?: Record<string, string>) => {
  const res = await call<SignedIn>('POST', '/auth/login', { email, password }, { headers });
  if (res.status === 200) secrets.add(res.body.refreshToken);
  return res;
};
const refresh = async (refreshToken: string) => {
  const res = await call<TokenPair>('POST', '/auth/refresh', { refreshToken });
  if (res.status === 200) secrets.add(res.body.refreshToken);
  return res;
};
const auditOf = async (accountId: string, type?: string) =>
  (
    await call<Page<AuditEvent>>(
      'GET',
      `/auth/audit?accountId=${accountId}&pageSize=100${type ? `&type=${type}` : ''}`,
      undefined,
      { token: adminToken },
    )
  ).body.rows;
const mailed = (to: string, n: number) =>
  eventually(
    () => mailsTo(platform.dataDir, to, 'password-reset'),
    (m) => m.length >= n,
  );
const authService = () => platform.broker.getLocalService('auth') as unknown as AuthThis;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth'], {
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_FAILURES_PER_EMAIL: '3',
    // A day-long window: three failures cannot straddle a window boundary during the test.
    LOGIN_THROTTLE_WINDOW_S: '86400',
  });
  call = client(platform.api);
  const record = (ctx: Context<EventEnvelope>) => void events.push(ctx.params);
  platform.broker.createService({
    name: 'probe',
    events: { 'user.registered': record, 'user.email-verified': record, 'user.roles-changed': record },
  });
  adminToken = (await login(ADMIN.email, ADMIN.password)).body.accessToken;
}, 60_000);

afterAll(() => platform?.stop());

describe('register', () => {
  it('creates a customer (201) whose access token opens /auth/session', async () => {
    const email = newEmail('ann');
    const res = await register(`  ${email.toUpperCase()} `);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { email, roles: ['customer'], status: 'active', emailVerified: false },
      expiresIn: 900,
    });
    expect(res.text).not.toMatch(/passwordHash|argon2/);
    const session = await call<PublicAccount>('GET', '/auth/session', undefined, { token: res.body.accessToken });
    expect(session.status).toBe(200);
    expect(session.body).toEqual(res.body.user);
    expect(claims(res.body.accessToken)).toMatchObject({ sub: res.body.user.id, roles: ['customer'] });
  });

  it('answers 409 EMAIL_TAKEN for the same address in another case or with spaces', async () => {
    const email = newEmail('dup');
    expect((await register(email)).status).toBe(201);
    const again = await register(` ${email.toUpperCase()}  `);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { type: 'EMAIL_TAKEN', message: expect.any(String) } });
  });

  it.each([['short'], ['aaaaaaaaaaaaaaaaaaaa'], [`weakling-${run}!!`]])(
    'refuses the password %p with 422 naming password',
    async (password) => {
      const res = await register(`weakling-${run}@example.com`, password);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: { type: 'VALIDATION_ERROR', fields: [{ field: 'password' }] } });
    },
  );

  it('rejects unknown fields (no self-granted roles)', async () => {
    const res = await call('POST', '/auth/register', { email: newEmail('x'), password: PASSWORD, name: 'X', roles: ['admin'] });
    expect(res.status).toBe(422);
  });

  it('publishes user.registered exactly once', async () => {
    const { body } = await register();
    const mine = () => events.filter((e) => e.event === 'user.registered' && (e.data as { id: string }).id === body.user.id);
    await eventually(mine, (l) => l.length > 0);
    await new Promise((r) => setTimeout(r, 1_200)); // two relay polls: a second copy would have arrived
    expect(mine()).toHaveLength(1);
    expect(mine()[0]).toMatchObject({ source: 'auth', data: { id: body.user.id, email: body.user.email, name: 'Test User' } });
  });
});

describe('login', () => {
  it('signs in, and answers unknown email and wrong password alike', async () => {
    const { body } = await register();
    const ok = await login(body.user.email);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      user: { id: body.user.id },
      expiresIn: 900,
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    const wrong = await login(body.user.email, 'not the password at all');
    const unknown = await login(newEmail('nobody'));
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ error: { type: 'INVALID_CREDENTIALS' } });
  });

  it('throttles after 3 failures: the 4th attempt, even with the right password, is 429 with Retry-After', async () => {
    const { body } = await register();
    for (let i = 0; i < 3; i++) expect((await login(body.user.email, `wrong password ${i}`)).status).toBe(401);
    const blocked = await login(body.user.email);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { type: 'RATE_LIMITED' } });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const types = (await auditOf(body.user.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'login.failed')).toHaveLength(3);
    expect(
      (await call<Page<AuditEvent>>('GET', '/auth/audit?type=login.throttled', undefined, { token: adminToken })).body.rows[0],
    ).toMatchObject({
      email: body.user.email,
      detail: { by: ['email'] },
    });
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; a retired token revokes the whole family', async () => {
    const { body } = await register();
    const first = await refresh(body.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(body.refreshToken);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    expect(claims(second.body.accessToken).sid).toBe(claims(body.accessToken).sid);
    expect((await call('GET', '/auth/session', undefined, { token: second.body.accessToken })).status).toBe(200);

    expect((await refresh(first.body.refreshToken)).status).toBe(401); // reuse
    expect((await refresh(second.body.refreshToken)).status).toBe(401); // the family's newest died with it
    // …and so did its access tokens, at once rather than when they expire.
    const ended = await call('GET', '/auth/session', undefined, { token: second.body.accessToken });
    expect(ended.status).toBe(401);
    expect(ended.body).toMatchObject({ error: { type: 'SESSION_ENDED' } });
    expect((await auditOf(body.user.id, 'refresh.reused')).length).toBe(1);
  });

  it('a token presented twice at once leaves at most one successor alive', async () => {
    const { body } = await register();
    const results = await Promise.all([refresh(body.refreshToken), refresh(body.refreshToken)]);
    const winners = results.filter((r) => r.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    for (const w of winners) expect((await refresh(w.body.refreshToken)).status).toBe(401);
  });

  it('rejects garbage with 401', async () => {
    expect((await refresh('x'.repeat(43))).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { refreshToken: { $gt: '' } })).status).toBe(422);
  });
});

describe('logout', () => {
  it('ends the caller’s session (204) and, with allSessions, every session', async () => {
    const { body } = await register();
    const other = await login(body.user.email);
    const out = await call('POST', '/auth/logout', {}, { token: body.accessToken });
    expect(out.status).toBe(204);
    expect((await refresh(body.refreshToken)).status).toBe(401);
    expect((await call('GET', '/auth/session', undefined, { token: body.accessToken })).status).toBe(401);
    expect((await call('GET', '/auth/session', undefined, { token: other.body.accessToken })).status).toBe(200);
    expect((await refresh(other.body.refreshToken)).status).toBe(200);

    const a = await login(body.user.email);
    const b = await login(body.user.email);
    expect((await call('POST', '/auth/logout', { allSessions: true }, { token: a.body.accessToken })).status).toBe(204);
    expect((await refresh(a.body.refreshToken)).status).toBe(401);
    expect((await refresh(b.body.refreshToken)).status).toBe(401);
    expect((await auditOf(body.user.id, 'logout')).length).toBe(2);
  });

  it('ends the family of a presented refresh token of the caller, and ignores someone else’s', async () => {
    const ann = await register();
    const annElsewhere = await login(ann.body.user.email);
    const bob = await register();
    const body = { refreshToken: annElsewhere.body.refreshToken };
    expect(
      (await call('POST', '/auth/logout', { refreshToken: ann.body.refreshToken }, { token: bob.body.accessToken })).status,
    ).toBe(204);
    expect((await refresh(ann.body.refreshToken)).status).toBe(200);
    expect(
      (await call('POST', '/auth/logout', body, { token: (await login(ann.body.user.email)).body.accessToken })).status,
    ).toBe(204);
    expect((await refresh(annElsewhere.body.refreshToken)).status).toBe(401);
  });

  it('needs a signed-in caller', async () => expect((await call('POST', '/auth/logout', {})).status).toBe(401));
});

describe('password reset', () => {
  it('mails a single-use token (never in a response) that sets a new password and ends every session', async () => {
    const { body } = await register();
    const email = body.user.email;
    const known = await call('POST', '/auth/password/forgot', { email });
    const unknown = await call('POST', '/auth/password/forgot', { email: newEmail('ghost') });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    // The mail goes out after the answer (its timing must not tell whether the address has an account).
    const [mail] = await mailed(email, 1);
    secrets.add(mail.token);
    expect(known.text).not.toContain(mail.token);
    expect(mail.link).toContain(mail.token);

    const weak = await call('POST', '/auth/password/reset', { token: mail.token, password: 'short' });
    expect(weak.status).toBe(422);
    const newPassword = 'a brand new passphrase';
    secrets.add(newPassword);
    expect((await call('POST', '/auth/password/reset', { token: mail.token, password: newPassword })).status).toBe(204);
    const again = await call('POST', '/auth/password/reset', { token: mail.token, password: 'yet another passphrase' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: { type: 'INVALID_TOKEN' } });

    expect((await refresh(body.refreshToken)).status).toBe(401);
    expect((await login(email)).status).toBe(401);
    expect((await login(email, newPassword)).status).toBe(200);
    expect((await auditOf(body.user.id, 'password.reset')).length).toBe(1);
    expect(platform.logs.some((l) => l.includes('mail password-reset to') && l.includes('in dev mailbox'))).toBe(true);
  });

  it('refuses an expired token and an unknown one with the same 400', async () => {
    const { body } = await register();
    await call('POST', '/auth/password/forgot', { email: body.user.email });
    const [mail] = await mailed(body.user.email, 1);
    secrets.add(mail.token);
    await authService()
      .oneTimeTokens()
      .updateMany({ accountId: body.user.id, purpose: 'reset' }, { $set: { expiresAt: Date.now() - 1_000 } });
    const expired = await call('POST', '/auth/password/reset', { token: mail.token, password: 'a brand new passphrase' });
    const unknown = await call('POST', '/auth/password/reset', { token: 'A'.repeat(43), password: 'a brand new passphrase' });
    expect([expired.status, unknown.status]).toEqual([400, 400]);
    expect(expired.body).toEqual(unknown.body);
    expect((await login(body.user.email)).status).toBe(200);
  });
});

describe('mail throttling', () => {
  it('sends at most 3 reset mails per address and window, still answering 202', async () => {
    const { body } = await register();
    for (let i = 0; i < 5; i++)
      expect((await call('POST', '/auth/password/forgot', { email: body.user.email })).status).toBe(202);
    await eventually(
      () => authService().background.size,
      (n) => n === 0,
    );
    expect(mailsTo(platform.dataDir, body.user.email, 'password-reset')).toHaveLength(3);
  });

  it('resends a verification mail to an unverified address', async () => {
    const { body } = await register();
    expect((await call('POST', '/auth/email/verify/resend', {}, { token: body.accessToken })).status).toBe(202);
    const mails = mailsTo(platform.dataDir, body.user.email, 'email-verification');
    expect(mails).toHaveLength(2);
    mails.forEach((m) => secrets.add(m.token));
    expect(new Set(mails.map((m) => m.token)).size).toBe(2);
  });
});

describe('password change and email verification', () => {
  it('changes the password with the current one, ending the other sessions only', async () => {
    const { body } = await register();
    const other = await login(body.user.email);
    const token = body.accessToken;
    const wrong = await call(
      'POST',
      '/auth/password/change',
      { currentPassword: 'not my password', newPassword: 'another fine passphrase' },
      { token },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: { type: 'INVALID_CREDENTIALS' } });
    const weak = await call('POST', '/auth/password/change', { currentPassword: PASSWORD, newPassword: 'short' }, { token });
    expect(weak.body).toMatchObject({ error: { fields: [{ field: 'newPassword' }] } });
    expect(
      (
        await call(
          'POST',
          '/auth/password/change',
          { currentPassword: PASSWORD, newPassword: 'another fine passphrase' },
          { token },
        )
      ).status,
    ).toBe(204);
    expect((await refresh(other.body.refreshToken)).status).toBe(401);
    expect((await refresh(body.refreshToken)).status).toBe(200);
  });

  it('verifies the address with the mailed token once, and publishes user.email-verified', async () => {
    const { body } = await register();
    const [mail] = mailsTo(platform.dataDir, body.user.email, 'email-verification');
    secrets.add(mail.token);
    expect((await call('POST', '/auth/email/verify', { token: mail.token })).status).toBe(204);
    expect((await call('POST', '/auth/email/verify', { token: mail.token })).status).toBe(400);
    expect((await call<PublicAccount>('GET', '/auth/session', undefined, { token: body.accessToken })).body.emailVerified).toBe(
      true,
    );
    const verified = await eventually(
      () => events.filter((e) => e.event === 'user.email-verified' && (e.data as { id: string }).id === body.user.id),
      (l) => l.length > 0,
    );
    expect(verified).toHaveLength(1);
    expect((await call('POST', '/auth/email/verify/resend', {}, { token: body.accessToken })).status).toBe(202);
    expect(mailsTo(platform.dataDir, body.user.email, 'email-verification')).toHaveLength(1);
  });
});

describe('administration and audit', () => {
  it('records ip, user agent and the caller’s X-Request-ID on audit rows', async () => {
    const { body } = await register();
    await login(body.user.email, PASSWORD, { 'X-Request-ID': `req-${run}-audit`, 'User-Agent': 'auth-spec/1.0' });
    const [row] = await auditOf(body.user.id, 'login.succeeded');
    expect(row).toMatchObject({
      accountId: body.user.id,
      email: body.user.email,
      requestId: `req-${run}-audit`,
      userAgent: 'auth-spec/1.0',
    });
    expect(row.ip).toMatch(/127\.0\.0\.1|::1/);
    expect((await auditOf(body.user.id, 'account.registered')).length).toBe(1);
  });

  it('a role change shows in the next refreshed access token and is audited; an admin keeps their own admin role', async () => {
    const { body } = await register();
    const changed = await call<PublicAccount>(
      'PUT',
      `/auth/accounts/${body.user.id}/roles`,
      { roles: ['customer', 'support'] },
      { token: adminToken },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['customer', 'support']);
    const next = await refresh(body.refreshToken);
    expect(claims(next.body.accessToken).roles).toEqual(['customer', 'support']);
    expect((await call('GET', '/auth/accounts', undefined, { token: next.body.accessToken })).status).toBe(200);
    const [audit] = await auditOf(body.user.id, 'role.changed');
    expect(audit.detail).toEqual({ old: ['customer'], new: ['customer', 'support'] });
    expect(audit.actorId).toBe(claims(adminToken).sub);
    await eventually(
      () => events.filter((e) => e.event === 'user.roles-changed'),
      (l) => l.length > 0,
    );

    const adminId = claims(adminToken).sub as string;
    expect((await call('PUT', `/auth/accounts/${adminId}/roles`, { roles: ['support'] }, { token: adminToken })).status).toBe(
      409,
    );
    expect(
      (await call('PUT', '/auth/accounts/no-such-account/roles', { roles: ['support'] }, { token: adminToken })).status,
    ).toBe(404);
    expect((await call('PUT', `/auth/accounts/${body.user.id}/roles`, { roles: ['root'] }, { token: adminToken })).status).toBe(
      422,
    );
  });

  it('lists and searches accounts for support and admin', async () => {
    const { body } = await register();
    const page = await call<Page<PublicAccount>>(
      'GET',
      `/auth/accounts?email=${encodeURIComponent(body.user.email)}`,
      undefined,
      { token: adminToken },
    );
    expect(page.body).toMatchObject({ total: 1, page: 1, pageSize: 20, rows: [{ id: body.user.id }] });
    expect(page.text).not.toContain('passwordHash');
    expect((await call('GET', '/auth/accounts?pageSize=101', undefined, { token: adminToken })).status).toBe(422);
  });

  it('keeps customers (403) and anonymous callers (401) out of admin routes', async () => {
    const { body } = await register();
    const token = body.accessToken;
    for (const [method, route, payload] of [
      ['GET', '/auth/accounts', undefined],
      ['GET', '/auth/audit', undefined],
      ['PUT', `/auth/accounts/${body.user.id}/roles`, { roles: ['admin'] }],
      ['PUT', `/auth/accounts/${body.user.id}/status`, { status: 'disabled' }],
    ] as const) {
      expect((await call(method, route, payload, { token })).status).toBe(403);
      expect((await call(method, route, payload)).status).toBe(401);
    }
  });

  it('a disabled account can neither sign in nor refresh', async () => {
    const { body } = await register();
    const res = await call<PublicAccount>(
      'PUT',
      `/auth/accounts/${body.user.id}/status`,
      { status: 'disabled' },
      { token: adminToken },
    );
    expect(res.body.status).toBe('disabled');
    const denied = await login(body.user.email);
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ error: { type: 'INVALID_CREDENTIALS' } });
    expect((await refresh(body.refreshToken)).status).toBe(401);
    expect((await call('GET', '/auth/session', undefined, { token: body.accessToken })).status).toBe(401);
    await call('PUT', `/auth/accounts/${body.user.id}/status`, { status: 'active' }, { token: adminToken });
    expect((await login(body.user.email)).status).toBe(200);
    expect((await auditOf(body.user.id, 'account.status-changed')).length).toBe(2);
  });

  it('serves getAccount to other services, 404 for an unknown id', async () => {
    const { body } = await register();
    await expect(platform.broker.call('auth.getAccount', { id: body.user.id })).resolves.toEqual(body.user);
    await expect(platform.broker.call('auth.getAccount', { id: 'nope' })).rejects.toMatchObject({ code: 404 });
  });
});

describe('hostile input', () => {
  const hostile: unknown[] = [
    'a\u0000b@example.com',
    'a\ud800@example.com',
    { $gt: '' },
    'x'.repeat(100_000),
    ["' OR 1=1 --"],
    -1,
    null,
  ];
  it.each([
    ['/auth/register', (v: unknown) => ({ email: v, password: v, name: v })],
    ['/auth/login', (v: unknown) => ({ email: v, password: v })],
    ['/auth/password/forgot', (v: unknown) => ({ email: v })],
    ['/auth/password/reset', (v: unknown) => ({ token: v, password: v })],
    ['/auth/email/verify', (v: unknown) => ({ token: v })],
    ['/auth/refresh', (v: unknown) => ({ refreshToken: v })],
  ])('%s answers 4xx, never 5xx', async (route, body) => {
    for (const v of hostile) {
      const res = await call('POST', route, body(v));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('admin queries with odd ids and filters answer 4xx', async () => {
    for (const q of [
      '/auth/accounts?email=%00',
      '/auth/audit?accountId=%00',
      '/auth/audit?type=%F0',
      '/auth/accounts?page=NaN',
    ]) {
      expect((await call('GET', q, undefined, { token: adminToken })).status).toBe(422);
    }
    expect((await call('PUT', '/auth/accounts/%00/roles', { roles: ['admin'] }, { token: adminToken })).status).toBe(422);
  });
});

describe('secrets', () => {
  it('no password or token in any log line or audit row', async () => {
    const logs = platform.logs.join('\n');
    const audit = JSON.stringify((await call('GET', '/auth/audit?pageSize=100', undefined, { token: adminToken })).body);
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
  });
});
