import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';

/**
 * Behind one trusted proxy (TRUST_PROXY_HOPS=1) the client is the X-Forwarded-For entry that proxy
 * appended, the rightmost: whatever a client writes to the left cannot buy it a fresh rate limit.
 */
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform(['api'], {
    TRUST_PROXY: 'true',
    TRUST_PROXY_HOPS: '1',
    RATE_LIMIT: '5',
    RATE_LIMIT_WINDOW_MS: '60000',
  });
}, 60_000);
afterAll(() => platform?.stop());

const via = (forwarded: string) => fetch(`${platform.api}/openapi.json`, { headers: { 'X-Forwarded-For': forwarded } });

it('keys the client by the entry the trusted proxy appended, not by entries the client wrote', async () => {
  // Concurrently, each with a different forged first entry: 5 pass, the rest are limited.
  const statuses = await Promise.all(
    Array.from({ length: 12 }, (_, i) => via(`198.51.100.${i + 1}, 203.0.113.9`).then((r) => r.status)),
  );
  expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  // Another client behind the same proxy has its own budget.
  expect((await via('198.51.100.1, 203.0.113.10')).status).not.toBe(429);
});
