import Redis from 'ioredis';
import type { Principal } from '../../mixins/access/access.types';
import type { NodeMemo, StampBase } from '../../services/products/products.cache';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';

/**
 * Cluster mode, two catalog nodes sharing the Redis cacher: a price changed through the other node
 * is what the very next read of the product through the gateway answers, every time. (The listing
 * is the search read model's, eventually consistent: catalog-listing.suite.ts.)
 */
let platform: Platform;
let redis: Redis;
let system: { meta: { user: Principal } };
let productId: string;

type View = { variants: { sku: string; price: { amount: number } | null }[] };

beforeAll(async () => {
  // Stamps kept for a minute: only a write's forget can make a node read the new generation in time.
  platform = await startPlatform(['api', 'products'], { CATALOG_NODE_CACHE_MS: '60000' });
  await platform.addNode(['products'], 'catalog-2');
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  system = { meta: { user: SYSTEM_PRINCIPAL } };
  redis = new Redis('redis://127.0.0.1:6379');
  const product = await platform.broker.call<{ id: string }, object>(
    'products.create',
    {
      slug: 'cached-mug',
      name: 'Cached Mug',
      brand: 'Acme',
      status: 'active',
      variants: [{ sku: 'MUG-C1', prices: [{ amount: 1000, currency: 'EUR' }] }],
    },
    system,
  );
  productId = product.id;
  // The gateway's node must have discovered the second node's products service before "the other node" means anything.
  const deadline = Date.now() + 10_000;
  const known = () =>
    platform.broker.registry
      .getServiceList({ onlyAvailable: true })
      .some((s) => s.name === 'products' && s.nodeID === 'catalog-2');
  while (!known() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(known()).toBe(true);
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await platform?.stop();
});

const read = async () => {
  const one = (await (await fetch(`${platform.api}/products/${productId}`)).json()) as View;
  return { product: one.variants[0].price?.amount };
};
const cacheKeys = () => redis.keys(`${process.env.NAMESPACE}-cache*`);
const setPrice = (amount: number) =>
  platform.broker.call(
    'products.setPrices',
    { id: productId, sku: 'MUG-C1', prices: [{ amount, currency: 'EUR' }] },
    { ...system, nodeID: 'catalog-2' },
  );

it('caches reads in Redis under keys of the products service', async () => {
  expect(await read()).toEqual({ product: 1000 });
  const keys = await cacheKeys();
  expect(keys.some((k) => k.includes('products.getAt:'))).toBe(true);
  // A second read is answered from there: same answer, no new keys.
  expect(await read()).toEqual({ product: 1000 });
  expect((await cacheKeys()).sort()).toEqual(keys.sort());
});

it('answers the new price on the first read after a change made through the other node, every time', async () => {
  for (let amount = 1100; amount <= 1500; amount += 100) {
    expect(await read()).toEqual({ product: amount - 100 });
    expect((await cacheKeys()).some((k) => k.includes('products.getAt:'))).toBe(true);
    await setPrice(amount);
    expect(await read()).toEqual({ product: amount });
  }
});

it('never serves an answer a slow reader stores after the change under the key it started with', async () => {
  const { catalogKeygen, currentGeneration } = await import('../../services/products/products.cache');
  await read();
  const keyOf = (action: string, params: object) => catalogKeygen({ name: action }, {}, { params } as never);
  // The generation the gateway's own catalog node reads with (its kept stamp) is the one Redis holds.
  const local = platform.broker.getLocalService('products') as unknown as { stampMemo: NodeMemo<StampBase> };
  const kept = await local.stampMemo.get('stamp', () => Promise.reject(new Error('no stamp kept')));
  const gen = await currentGeneration(platform.broker.cacher);
  expect(kept.gen).toBe(gen);
  const stale = { ...((await platform.broker.call('products.getAt', { id: productId, epoch: 0, gen })) as View) };
  await setPrice(2000);
  // The slow reader began before the write (old generation) and writes its old answer after the clean.
  await platform.broker.cacher!.set(keyOf('products.getAt', { id: productId, epoch: 0, gen }), stale);
  expect(stale.variants[0].price?.amount).toBe(1500);
  expect((await read()).product).toBe(2000);
});

it('answers the listing 503 (retryable) while no search node runs, never by scanning the catalog', async () => {
  const res = await fetch(`${platform.api}/products?search=mug`);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(await res.json()).toEqual({ error: { type: 'SERVICE_UNAVAILABLE', message: expect.any(String), retryable: true } });
  // The product itself is the catalog's, and still answers.
  expect((await fetch(`${platform.api}/products/${productId}`)).status).toBe(200);
});
