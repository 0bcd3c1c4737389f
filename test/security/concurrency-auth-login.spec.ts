import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config/config';
import type { AuditEvent, Page, SignedIn } from '../../services/auth/auth.contract';
import { AuthThrottle } from '../../services/auth/auth.throttle';
import { client, type Call, type Reply } from '../support/http';
import { startPlatform, type Platform } from '../support/platform';

/**
 * Login limits under concurrency on the real servers: every attempt reserves its place with one
 * atomic increment before its password is checked, so parallel attempts cannot all slip past a
 * count read before any of them was recorded. Password checks are counted from the audit log: each
 * check writes login.failed or login.succeeded, each refusal login.throttled.
 */
const ADMIN = { email: 'admin@example.com', password: 'a-strong-admin-passphrase' };
const PASSWORD = 'correct horse battery staple';
const PER_EMAIL = 5;
const PER_IP = 20;
const run = randomBytes(3).toString('hex');
let seq = 0;
const newEmail = () => `login-${run}-${++seq}@example.com`;

let platform: Platform;
let call: Call;
let adminToken: string;
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
const login = (email: string, password: string, ip: string) =>
  call<SignedIn>('POST', '/auth/login', { email, password }, from(ip));
const statuses = (replies: Reply<unknown>[]) =>
  replies.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
const audit = async (type: string, accountId?: string) =>
  (
    await call<Page<AuditEvent>>(
      'GET',
      `/auth/audit?type=${type}&pageSize=100${accountId ? `&accountId=${accountId}` : ''}`,
      undefined,
      {
        token: adminToken,
      },
    )
  ).body;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth'], {
    ADMIN_PASSWORD: ADMIN.password,
    TRUST_PROXY: 'true',
    LOGIN_MAX_FAILURES_PER_EMAIL: String(PER_EMAIL),
    LOGIN_MAX_FAILURES_PER_IP: String(PER_IP),
    // A day-long window: no burst straddles a window boundary during the test.
    LOGIN_THROTTLE_WINDOW_S: '86400',
  });
  call = client(platform.api);
  adminToken = (await login(ADMIN.email, ADMIN.password, '198.51.100.1')).body.accessToken;
}, 60_000);
afterAll(() => platform?.stop());

const register = async () => {
  const res = await call<SignedIn>('POST', '/auth/register', { email: newEmail(), password: PASSWORD, name: 'Target' });
  expect(res.status).toBe(201);
  return res.body.user;
};

it('40 simultaneous sign-ins for one email from one address check at most the limit of passwords; the rest answer 429', async () => {
  const user = await register();
  const right = Math.floor(Math.random() * 40);
  const replies = await Promise.all(
    Array.from({ length: 40 }, (_, i) => login(user.email, i === right ? PASSWORD : `wrong password ${i}`, '203.0.113.7')),
  );
  const count = statuses(replies);
  const checked = (await audit('login.failed', user.id)).total + (await audit('login.succeeded', user.id)).total;
  // A right password gives its reservation back, so it may let one more through: never more wrong ones than the limit.
  expect((await audit('login.failed', user.id)).total).toBeLessThanOrEqual(PER_EMAIL);
  expect(checked).toBeLessThanOrEqual(PER_EMAIL + 1);
  expect((count[401] ?? 0) + (count[200] ?? 0)).toBe(checked);
  expect(count[429]).toBe(40 - checked);
  expect(Object.keys(count).sort()).toEqual(expect.arrayContaining(['429']));
  for (const r of replies.filter((x) => x.status === 429)) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
});

it('simultaneous sign-ins from one address for many emails check at most the address limit of passwords', async () => {
  const replies = await Promise.all(
    Array.from({ length: PER_IP + 15 }, () => login(newEmail(), 'some wrong password', '203.0.113.9')),
  );
  expect(statuses(replies)).toEqual({ 401: PER_IP, 429: 15 });
});

it('failures from one address do not lock the owner out from another; they only slow the owner down', async () => {
  const user = await register();
  for (let i = 0; i < PER_EMAIL; i++) expect((await login(user.email, `guess ${i}`, '192.0.2.66')).status).toBe(401);
  expect((await login(user.email, 'one more guess', '192.0.2.66')).status).toBe(429);
  const owner = await login(user.email, PASSWORD, '198.51.100.23');
  expect(owner.status).toBe(200);
  // The attacker's address stays refused, even with the right password.
  expect((await login(user.email, PASSWORD, '192.0.2.66')).status).toBe(429);
});

// The platform has set the environment by now; only the counter store and limits differ.
const configFor = (counterStore: 'redis' | 'memory') =>
  loadConfig({
    ...process.env,
    COUNTER_STORE: counterStore,
    NAMESPACE: `t${randomBytes(4).toString('hex')}`,
    LOGIN_MAX_FAILURES_PER_EMAIL: String(PER_EMAIL),
    LOGIN_MAX_FAILURES_PER_IP: '1000',
  });

describe.each(['redis', 'memory'] as const)('AuthThrottle on %s', (store) => {
  it('lets exactly the limit of 40 simultaneous reservations through, and a success gives its place back', async () => {
    const throttle = new AuthThrottle(configFor(store));
    try {
      const decisions = await Promise.all(Array.from({ length: 40 }, () => throttle.reserve('a@example.com', '10.0.0.1')));
      expect(decisions.filter((d) => !d.blocked)).toHaveLength(PER_EMAIL);
      await throttle.succeeded('a@example.com', '10.0.0.1');
      // 40 reserved, one given back: still past the limit, as the refused attempts keep theirs.
      expect((await throttle.reserve('a@example.com', '10.0.0.1')).blocked).toBe(true);
      expect((await throttle.reserve('a@example.com', '10.0.0.2')).blocked).toBe(false);
    } finally {
      await throttle.close();
    }
  });
});
