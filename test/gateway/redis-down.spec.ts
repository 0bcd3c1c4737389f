import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';
import { freePort } from '../support/processes';
import { ADMIN_PASSWORD } from '../support/identities';

/**
 * Redis holds only what can be lost (rate-limit counts, ended-session ids, cached reads): with it
 * unreachable the platform keeps answering. Here the counters point at a port nobody listens on.
 */
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'products'], {
    ADMIN_PASSWORD,
    CACHER: 'memory',
    COUNTER_STORE: 'redis',
    REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    RATE_LIMIT: '5',
  });
}, 60_000);
afterAll(() => platform?.stop());

it('keeps serving reads, sign-ins and signed-in requests while the counters’ Redis is down', async () => {
  // Past the rate limit of 5: the limiter fails open instead of failing every request.
  for (let i = 0; i < 8; i++) expect((await fetch(`${platform.api}/categories`)).status).toBe(200);
  const login = await fetch(`${platform.api}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const session = await fetch(`${platform.api}/auth/session`, { headers: { Authorization: `Bearer ${accessToken}` } });
  expect(session.status).toBe(200);
});
