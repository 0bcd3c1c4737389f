import Redis from 'ioredis';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from '../../scripts/demo-catalog';
import type { Category, ProductView } from '../../services/products/products.contract';
import { requireOrSkip } from '../support/engine-harness';
import { eventually } from '../support/eventually';
import { startPlatform, type Platform } from '../support/platform';
import { privateRedis, privateServersReason, type PrivateServer } from '../support/private-servers';

/**
 * The Redis cacher fails open: with its Redis stopped, cached reads are answered from the store
 * and writes still succeed. An invalidation lost meanwhile must not let Redis, once back with the
 * entries it saved, serve the old answer.
 */
let platform: Platform | undefined;
let redis: PrivateServer | undefined;
const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };

beforeAll(async () => {
  if (!requireOrSkip(privateServersReason(), 'cache outage')) return;
  redis = await privateRedis();
  platform = await startPlatform(['api', 'products'], { CACHER: 'redis', COUNTER_STORE: 'memory', REDIS_URL: redis.url });
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  await redis?.destroy();
});

async function names(url: string, times: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < times; i++) {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    out.push(((await res.json()) as ProductView).name);
  }
  return out;
}

async function cachedKeys(): Promise<number> {
  const client = new Redis(redis!.url, { lazyConnect: true });
  try {
    await client.connect();
    return (await client.keys('*')).length;
  } finally {
    client.disconnect();
  }
}

it('serves reads and takes writes while Redis is down, and never serves the pre-outage answer after it returns', async () => {
  if (!platform) return;
  const { slug, name } = DEMO_CATEGORIES.find((c) => c.slug === DEMO_PRODUCTS[0].category)!;
  const category = await platform.broker.call<Category, object>('products.createCategory', { slug, name }, asSystem);
  const { category: _c, ...input } = DEMO_PRODUCTS[0];
  const product = await platform.broker.call<ProductView, object>(
    'products.create',
    { ...input, categoryId: category.id },
    asSystem,
  );
  const url = `${platform.api}/products/${product.id}`;
  expect(await names(url, 2)).toEqual([input.name, input.name]);
  expect(await cachedKeys()).toBeGreaterThan(0);

  await redis!.stop();
  expect(await names(url, 3)).toEqual([input.name, input.name, input.name]);
  expect((await fetch(`${platform.api}/categories`)).status).toBe(200);
  const renamed = await platform.broker.call<ProductView, object>(
    'products.update',
    { id: product.id, name: 'Renamed in outage' },
    asSystem,
  );
  expect(renamed.name).toBe('Renamed in outage');
  expect(await names(url, 2)).toEqual(['Renamed in outage', 'Renamed in outage']);

  // Back with the entries it saved before the outage, the old name among them.
  await redis!.start();
  const seen = new Set<string>();
  // Caching again once the cacher has cleaned its prefix: fresh answers are stored.
  await eventually(async () => {
    for (const n of await names(url, 3)) seen.add(n);
    return (await cachedKeys()) > 0;
  }, 10_000);
  expect([...seen]).toEqual(['Renamed in outage']);
  expect(await names(url, 3)).toEqual(['Renamed in outage', 'Renamed in outage', 'Renamed in outage']);
}, 60_000);
