import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { ServiceBroker } from 'moleculer';
import type { EnsureAdminResult } from '../services/auth/auth.contract';
import type { Category, CategoryNode } from '../services/products/products.contract';
import { DEMO_CATEGORIES, DEMO_PRODUCTS, DEMO_STOCK } from './demo-catalog';

export interface SeedResult {
  productsCreated: number;
  admin: EnsureAdminResult;
}

const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };

/** The demo categories' ids by slug, creating those missing (a seed a crash cut short finds some there already). */
async function ensureCategories(broker: ServiceBroker): Promise<Map<string, string>> {
  const tree = await broker.call<CategoryNode[], object>('products.listCategories', {});
  const flatten = (nodes: CategoryNode[]): CategoryNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
  const ids = new Map(flatten(tree).map((n) => [n.slug, n.id]));
  for (const { slug, name, parent } of DEMO_CATEGORIES) {
    if (ids.has(slug)) continue;
    const params = { slug, name, ...(parent ? { parentId: ids.get(parent) } : {}) };
    const created = await broker.call<Category, object>('products.createCategory', params, asSystem);
    ids.set(slug, created.id);
  }
  return ids;
}

/** Seeds the demo catalog and stock on an empty store, and the first admin; safe to run on every start. */
export async function seedDemo(broker: ServiceBroker, admin: { email: string; password?: string }): Promise<SeedResult> {
  let productsCreated = 0;
  if ((await broker.call<number, object>('products.count', {})) === 0) {
    const categories = await ensureCategories(broker);
    for (const { category, ...product } of DEMO_PRODUCTS) {
      await broker.call('products.create', { ...product, categoryId: categories.get(category) }, asSystem);
      productsCreated++;
    }
  }
  // Receipts are idempotent by ref: re-running them every start repairs a seed a crash cut short.
  for (const line of DEMO_STOCK) await broker.call('inventory.receive', { ...line, ref: 'demo-seed' }, asSystem);
  const result = await broker.call<EnsureAdminResult, object>(
    'auth.ensureAdmin',
    admin.password ? admin : { email: admin.email },
  );
  return { productsCreated, admin: result };
}
