import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform(['api', 'products'], { RATE_LIMIT: '5', RATE_LIMIT_WINDOW_MS: '60000' });
}, 60_000);
afterAll(() => platform?.stop());

it('limits requests per client address with 429, Retry-After and the error shape, counting in Redis', async () => {
  // Health probes are never counted, however many: an orchestrator polling them is not throttled.
  for (let i = 0; i < 8; i++) expect((await fetch(`${platform.api}/health`)).status).not.toBe(429);
  let res = await fetch(`${platform.api}/categories`);
  expect(res.headers.get('x-rate-limit-remaining')).toBe('4');
  while (res.status === 200) res = await fetch(`${platform.api}/categories`);
  expect(res.status).toBe(429);
  const wait = Number(res.headers.get('retry-after'));
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
  expect(res.headers.get('x-rate-limit-limit')).toBe('5');
  expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
  expect(await res.json()).toEqual({ error: { type: 'RATE_LIMITED', message: expect.any(String) } });

  // The count lives in Redis under the node's namespace, where every gateway node shares it.
  const { default: Redis } = await import('ioredis');
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    const keys = await redis.keys(`${process.env.NAMESPACE}:ratelimit:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(Number(await redis.get(keys[0]))).toBeGreaterThan(5);
  } finally {
    redis.disconnect();
  }
});
