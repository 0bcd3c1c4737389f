import { randomBytes } from 'node:crypto';
import type { ServiceBroker } from 'moleculer';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';

/**
 * While a service has no live node (its nodes stopped, or it is being reloaded) its routes answer
 * 503 with Retry-After and `retryable: true`, never a 404 a client would take as final. The
 * gateway runs alone here; the catalog runs on a second node over the real NATS server.
 */
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform(['api']);
}, 60_000);
afterAll(() => platform?.stop());

const nodeId = () => `catalog-${randomBytes(3).toString('hex')}`;

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls the routes until stopped; returns every status seen, per route. */
function poll(paths: string[]) {
  const seen = new Map(paths.map((p) => [p, new Set<number>()]));
  let running = true;
  const done = (async () => {
    while (running) {
      for (const p of paths)
        seen
          .get(p)!
          .add(
            (await fetch(`${platform.api}${p.replace(/^POST /, '')}`, { method: p.startsWith('POST ') ? 'POST' : 'GET' })).status,
          );
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await done;
    return Object.fromEntries([...seen].map(([p, s]) => [p, [...s].sort()]));
  };
}

async function expectUnavailable(path: string, method = 'GET'): Promise<void> {
  const res = await fetch(`${platform.api}${path}`, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
    body: method === 'POST' ? '{}' : undefined,
  });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(await res.json()).toEqual({ error: { type: 'SERVICE_UNAVAILABLE', message: expect.any(String), retryable: true } });
}

// A GET route of the products service that needs nothing else (the product listing also needs search).
const serving = async () => (await fetch(`${platform.api}/categories`)).status === 200;
const gone = (broker: ServiceBroker, service: string) => async () =>
  !broker.registry.getServiceList({ onlyAvailable: true }).some((s) => s.name === service);

it('answers 503 with Retry-After, never 404, while every node running a service is stopped', async () => {
  const node = await platform.addNode(['products', 'inventory'], nodeId());
  await until('products routed', serving);
  const stopPolling = poll(['/categories', 'POST /products']);
  await node.stop();
  await until('products gone from the registry', gone(platform.broker, 'products'));
  // Past moleculer-web's alias regeneration (debounced 500 ms), which is when routes used to vanish.
  await new Promise((r) => setTimeout(r, 1_500));
  const seen = await stopPolling();
  // 200 (or 401: an anonymous create) before the node was gone, 503 after; never 404.
  expect(seen['/categories']).toContain(503);
  expect(seen['/categories'].filter((s) => s !== 200 && s !== 503)).toEqual([]);
  expect(seen['POST /products'].filter((s) => s !== 401 && s !== 503)).toEqual([]);
  await expectUnavailable('/categories');
  await expectUnavailable('/products', 'POST');
  // A route no service ever had stays a 404.
  expect((await fetch(`${platform.api}/no-such-thing`)).status).toBe(404);

  const again = await platform.addNode(['products', 'inventory'], nodeId());
  await until('products back', serving);
  await again.stop();
  await until('products gone again', gone(platform.broker, 'products'));
}, 60_000);

it('answers 503, never 404, while a service is destroyed and created again (a hot reload)', async () => {
  const node = await platform.addNode(['products', 'inventory'], nodeId());
  await until('products routed', serving);
  const stopPolling = poll(['/categories']);
  const svc = node.getLocalService('products')!;
  const schema = svc.originalSchema;
  await node.destroyService(svc);
  await until('products gone from the registry', gone(platform.broker, 'products'));
  await new Promise((r) => setTimeout(r, 1_500));
  await expectUnavailable('/categories');
  node.createService(schema);
  await until('products back after the reload', serving);
  const seen = await stopPolling();
  expect(seen['/categories']).toContain(503);
  expect(seen['/categories']).not.toContain(404);
  expect(seen['/categories'].every((s) => s === 200 || s === 503)).toBe(true);
}, 60_000);
