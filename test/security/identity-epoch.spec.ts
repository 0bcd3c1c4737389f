import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { PublicAccount, SignedIn, TokenPair } from '../../services/auth/auth.contract';
import { client, type Call } from '../support/http';
import { startPlatform, type Platform } from '../support/platform';
import { freePort, runScript, type RunningProcess } from '../support/processes';

/**
 * Role and status changes end access tokens already issued, on every gateway node: auth raises the
 * account's epoch and publishes it in Redis; a second gateway (its own process, over real NATS and
 * Redis) refuses tokens carrying an older one. A refresh then gets the roles that are true now.
 */
const ADMIN = { email: 'admin@example.com', password: 'a-strong-admin-passphrase' };
const PASSWORD = 'correct horse battery staple';
const run = randomBytes(3).toString('hex');

let platform: Platform;
let gateway2: RunningProcess;
let one: Call;
let two: Call;
let adminToken: string;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth'], { ADMIN_PASSWORD: ADMIN.password });
  one = client(platform.api);
  adminToken = (await one<SignedIn>('POST', '/auth/login', ADMIN)).body.accessToken;
  const port = await freePort();
  gateway2 = runScript('scripts/node.ts', {
    ...(process.env as Record<string, string>),
    SERVICES: 'api',
    NODE_ID: `gateway-2-${run}`,
    PORT: String(port),
  });
  two = client(`http://127.0.0.1:${port}/api`);
  // Ready once it routes to auth on the first node.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await two('GET', '/auth/session', undefined, { token: adminToken }).catch(() => ({ status: 0 }));
    if (res.status === 200) break;
    if (Date.now() > deadline || gateway2.child.exitCode !== null)
      throw new Error(`gateway 2 never came up:\n${gateway2.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 90_000);
afterAll(async () => {
  await gateway2?.stop();
  await platform?.stop();
}, 30_000);

const register = async () => {
  const res = await one<SignedIn>('POST', '/auth/register', {
    email: `epoch-${run}-${randomBytes(2).toString('hex')}@example.com`,
    password: PASSWORD,
    name: 'E',
  });
  expect(res.status).toBe(201);
  return res.body;
};
const setRoles = (id: string, roles: string[]) =>
  one<PublicAccount>('PUT', `/auth/accounts/${id}/roles`, { roles }, { token: adminToken });
const setStatus = (id: string, status: string) =>
  one<PublicAccount>('PUT', `/auth/accounts/${id}/status`, { status }, { token: adminToken });
const signIn = async (email: string) => (await one<SignedIn>('POST', '/auth/login', { email, password: PASSWORD })).body;

it('a demoted admin’s old token stops working at once on the other gateway node, and cannot make itself admin again', async () => {
  const { user } = await register();
  expect((await setRoles(user.id, ['admin'])).status).toBe(200);
  const asAdmin = await signIn(user.email);
  expect((await two('GET', '/auth/accounts', undefined, { token: asAdmin.accessToken })).status).toBe(200);

  expect((await setRoles(user.id, ['customer'])).status).toBe(200);
  const stale = await two('GET', '/auth/accounts', undefined, { token: asAdmin.accessToken });
  expect(stale.status).toBe(401);
  expect(stale.body).toMatchObject({ error: { type: 'TOKEN_STALE' } });
  const selfPromote = await two('PUT', `/auth/accounts/${user.id}/roles`, { roles: ['admin'] }, { token: asAdmin.accessToken });
  expect(selfPromote.status).toBe(401);
  expect((await one<PublicAccount>('GET', '/auth/session', undefined, { token: adminToken })).status).toBe(200);

  // A refresh issues the roles that are true now, and that token works everywhere.
  const refreshed = await two<TokenPair>('POST', '/auth/refresh', { refreshToken: asAdmin.refreshToken });
  expect(refreshed.status).toBe(200);
  expect((await two<PublicAccount>('GET', '/auth/session', undefined, { token: refreshed.body.accessToken })).body.roles).toEqual(
    ['customer'],
  );
  expect((await two('GET', '/auth/accounts', undefined, { token: refreshed.body.accessToken })).status).toBe(403);
  expect((await one('GET', '/auth/accounts', undefined, { token: refreshed.body.accessToken })).status).toBe(403);
});

it('disabling ends old tokens on the other node and refresh refuses; enabling lets the owner sign in again', async () => {
  const signedUp = await register();
  expect((await two('GET', '/auth/session', undefined, { token: signedUp.accessToken })).status).toBe(200);
  expect((await setStatus(signedUp.user.id, 'disabled')).status).toBe(200);
  expect((await two('GET', '/auth/session', undefined, { token: signedUp.accessToken })).status).toBe(401);
  expect((await two('POST', '/auth/refresh', { refreshToken: signedUp.refreshToken })).status).toBe(401);
  expect((await setStatus(signedUp.user.id, 'active')).status).toBe(200);
  const again = await signIn(signedUp.user.email);
  expect((await two('GET', '/auth/session', undefined, { token: again.accessToken })).status).toBe(200);
});

it('refuses a correctly signed token whose lifetime is past the access-token TTL', async () => {
  const [kid, secret] = process.env.JWT_KEYS!.split(':');
  const adminId = (await one<PublicAccount>('GET', '/auth/session', undefined, { token: adminToken })).body.id;
  const forged = await new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'HS256', kid })
    .setSubject(adminId)
    .setIssuer('reactive-shop')
    .setAudience('reactive-shop-api')
    .setIssuedAt()
    .setExpirationTime('3650d')
    .sign(new TextEncoder().encode(secret));
  for (const gateway of [one, two])
    expect((await gateway('GET', '/auth/accounts', undefined, { token: forged })).status).toBe(401);
});
