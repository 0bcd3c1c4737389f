/**
 * Scenario 1's platform node (a child process): the gateway and the catalog in one cluster node
 * (NATS transporter, Redis cacher and rate-limit counters, the catalog store on the PostgreSQL
 * server), through the test harness. Seeds one product, reports its URL, and stops when its stdin
 * closes (the parent asks, or the parent is gone), dropping the databases it made.
 */
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from '../scripts/demo-catalog';
import type { Category, ProductView } from '../services/products/products.contract';
import { startPlatform } from '../test/support/platform';
import { report, runChild } from './children';

async function main(): Promise<{ stop(): Promise<unknown> }> {
  // Request logs at info would be collected in memory for the whole run; the bench needs none.
  const platform = await startPlatform(['api', 'products'], { LOG_LEVEL: 'warn', STORE_CATALOG: 'postgres' });
  const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };
  const { slug, name } = DEMO_CATEGORIES.find((c) => c.slug === DEMO_PRODUCTS[0].category)!;
  const category = await platform.broker.call<Category, object>('products.createCategory', { slug, name }, asSystem);
  const { category: _slug, ...input } = DEMO_PRODUCTS[0];
  const product = await platform.broker.call<ProductView, object>(
    'products.create',
    { ...input, categoryId: category.id },
    asSystem,
  );
  report({ url: `${platform.api}/products/${product.id}`, prefix: process.env.STORE_PREFIX });
  return platform;
}

runChild(main);
