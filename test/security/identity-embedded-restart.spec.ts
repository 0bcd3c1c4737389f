import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PublicAccount, SignedIn } from '../../services/auth/auth.contract';
import { client } from '../support/http';
import { startEmbedded } from '../support/embedded';
import { freePort } from '../support/processes';

/**
 * Embedded mode has no Redis: ended sessions and account epochs live in the process. A restart must
 * not bring a logged-out or out-of-date access token back to life.
 */
const ADMIN = { email: 'admin@example.com', password: 'a-strong-admin-passphrase' };
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shop-identity-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (port: number) =>
  startEmbedded(
    dataDir,
    port,
    { SERVICES: 'api,auth', ADMIN_PASSWORD: ADMIN.password },
    async (call) => (await call('POST', '/auth/login', { email: ADMIN.email, password: 'not the password' })).status === 401,
  );

it('a logged-out token and a token from before a role change stay refused after a restart', async () => {
  const port = await freePort();
  const call = client(`http://127.0.0.1:${port}/api`);
  let proc = await start(port);
  let loggedOut: string;
  let beforeRoleChange: string;
  try {
    const admin = (await call<SignedIn>('POST', '/auth/login', ADMIN)).body;
    const user = (
      await call<SignedIn>('POST', '/auth/register', {
        email: 'restart@example.com',
        password: 'correct horse battery staple',
        name: 'R',
      })
    ).body;
    loggedOut = user.accessToken;
    const again = (
      await call<SignedIn>('POST', '/auth/login', { email: 'restart@example.com', password: 'correct horse battery staple' })
    ).body;
    expect((await call('POST', '/auth/logout', {}, { token: loggedOut })).status).toBe(204);
    beforeRoleChange = again.accessToken;
    expect(
      (await call('PUT', `/auth/accounts/${user.user.id}/roles`, { roles: ['support'] }, { token: admin.accessToken })).status,
    ).toBe(200);
    expect((await call('GET', '/auth/session', undefined, { token: loggedOut })).status).toBe(401);
    expect((await call('GET', '/auth/session', undefined, { token: beforeRoleChange })).status).toBe(401);
  } finally {
    await proc.stop();
  }

  proc = await start(port);
  try {
    const ended = await call('GET', '/auth/session', undefined, { token: loggedOut });
    expect([ended.status, ended.body]).toEqual([401, { error: expect.objectContaining({ type: 'SESSION_ENDED' }) }]);
    const stale = await call('GET', '/auth/session', undefined, { token: beforeRoleChange });
    expect([stale.status, stale.body]).toEqual([401, { error: expect.objectContaining({ type: 'TOKEN_STALE' }) }]);
    // Tokens issued now work: the key and the store survived the restart as well.
    const fresh = (
      await call<SignedIn>('POST', '/auth/login', { email: 'restart@example.com', password: 'correct horse battery staple' })
    ).body;
    expect((await call<PublicAccount>('GET', '/auth/session', undefined, { token: fresh.accessToken })).body.roles).toEqual([
      'support',
    ]);
  } finally {
    await proc.stop();
  }
}, 180_000);
