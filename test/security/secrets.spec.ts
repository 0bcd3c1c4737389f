import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { client, type Reply } from '../support/http';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/identities';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';

/**
 * Drives every identity flow at debug log level, then looks for each secret it handled: no
 * password or token in any log line; no password, reset or verification token in any response;
 * each refresh token only in the one response that issued it.
 */
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'users'], {
    ADMIN_PASSWORD,
    LOG_LEVEL: 'debug',
    LOGIN_MAX_FAILURES_PER_EMAIL: '3',
  });
}, 60_000);
afterAll(() => platform?.stop());

it('keeps passwords and tokens out of logs and out of responses that should not carry them', async () => {
  const call = client(platform.api);
  const replies: Reply[] = [];
  const req = async (method: string, route: string, body?: unknown, token?: string, headers?: Record<string, string>) => {
    const r = await call(method, route, body, { token, headers });
    replies.push(r as Reply);
    return r as Reply<Record<string, string> & { user: { id: string } }>;
  };
  const email = 'secret-keeper@example.com';
  const [p1, p2, p3] = ['first-Passphrase-7781', 'second-Passphrase-2291', 'third-Passphrase-5512'];

  const reg = await req('POST', '/auth/register', { email, password: p1, name: 'Keeper' });
  expect(reg.status).toBe(201);
  await req('POST', '/auth/register', { email: 'weak@example.com', password: 'tiny-pw-42', name: 'Weak' });
  await req('POST', '/auth/login', { email, password: 'wrong-Passphrase-0001' }, undefined, {
    Authorization: `Basic ${Buffer.from(`${email}:${p1}`).toString('base64')}`,
  });
  const login = await req('POST', '/auth/login', { email, password: p1 });
  const refreshed = await req('POST', '/auth/refresh', { refreshToken: login.body.refreshToken });
  await req('POST', '/auth/refresh', { refreshToken: login.body.refreshToken }); // reuse: revokes the family
  await req('POST', '/auth/password/forgot', { email });
  // The reset mail is written after the answer (whose timing must not tell who has an account).
  await eventually(async () =>
    readFileSync(path.join(platform.dataDir, 'mailbox', 'mail.jsonl'), 'utf8').includes('password-reset'),
  );
  const mails = readFileSync(path.join(platform.dataDir, 'mailbox', 'mail.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { template: string; token: string });
  const resetToken = mails.find((m) => m.template === 'password-reset')!.token;
  const verifyToken = mails.find((m) => m.template === 'email-verification')!.token;
  expect((await req('POST', '/auth/password/reset', { token: resetToken, password: p2 })).status).toBe(204);
  expect((await req('POST', '/auth/password/reset', { token: resetToken, password: p2 })).status).toBe(400);
  expect((await req('POST', '/auth/email/verify', { token: verifyToken })).status).toBe(204);
  const again = await req('POST', '/auth/login', { email, password: p2 });
  expect(
    (await req('POST', '/auth/password/change', { currentPassword: p2, newPassword: p3 }, again.body.accessToken)).status,
  ).toBe(204);
  const last = await req('POST', '/auth/login', { email, password: p3 });
  await req('GET', '/me', undefined, last.body.accessToken);
  await req('GET', '/auth/session', undefined, `${last.body.accessToken}x`);
  expect((await req('POST', '/auth/logout', { refreshToken: last.body.refreshToken }, last.body.accessToken)).status).toBe(204);
  const admin = await req('POST', '/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const audit = await req('GET', `/auth/audit?accountId=${reg.body.user.id}&pageSize=100`, undefined, admin.body.accessToken);
  expect(audit.status).toBe(200);

  const passwords = [p1, p2, p3, 'tiny-pw-42', 'wrong-Passphrase-0001', ADMIN_PASSWORD];
  const issued = [reg, login, refreshed, again, last, admin].map((r) => r.body.refreshToken);
  const access = [reg, login, refreshed, again, last, admin].map((r) => r.body.accessToken);
  const secrets = [...passwords, ...issued, ...access, resetToken, verifyToken];
  expect(secrets.every((s) => typeof s === 'string' && s.length >= 10)).toBe(true);

  const logs = platform.logs.join('\n');
  expect(platform.logs.length).toBeGreaterThan(50); // debug level really logged the flows
  expect(secrets.filter((s) => logs.includes(s))).toEqual([]);
  // The Basic header's encoded form, too.
  expect(logs).not.toContain(Buffer.from(`${email}:${p1}`).toString('base64'));

  const texts = replies.map((r) => r.text);
  expect([...passwords, resetToken, verifyToken].filter((s) => texts.some((t) => t.includes(s)))).toEqual([]);
  for (const token of issued) expect(texts.filter((t) => t.includes(token))).toHaveLength(1);
  expect(audit.text).not.toMatch(/passwordHash|\$argon2/);
});
