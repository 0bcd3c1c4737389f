import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { ServiceBroker } from 'moleculer';
import type { EnsureAdminResult } from '../services/auth/auth.contract';
import type { Category, CategoryNode } from '../services/products/products.contract';
import type { SkuLevels } from '../services/inventory/inventory.contract';
import { DEMO_CATEGORIES, DEMO_PRODUCTS, DEMO_STOCK, demoGenerated } from './demo-catalog';

export interface SeedResult {
  productsCreated: number;
  admin: EnsureAdminResult;
}

/**
 * Seed writes run while the rest of the platform starts (and on a first start, while every store
 * migrates): a busy machine can take longer than REQUEST_TIMEOUT_MS per bulk write, so they get
 * their own bound. Every write here is idempotent or checked first, so a slow one is never doubled.
 */
const SEED_CALL_TIMEOUT_MS = 120_000;
const asSystem = { meta: { user: SYSTEM_PRINCIPAL }, timeout: SEED_CALL_TIMEOUT_MS };
/** Writes in flight at once: enough to keep the stores busy, few enough not to starve the start-up's other work. */
const IN_FLIGHT = 8;
/** Receipt lines per bulk call (inventory.receiveBatch writes them in units of a few dozen). */
const BATCH = 100;

/** Runs `work` over `items` with at most IN_FLIGHT at a time; the first failure fails the whole. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, worker));
}

/** The demo categories' ids by slug, creating those missing (a seed a crash cut short finds some there already). */
async function ensureCategories(broker: ServiceBroker): Promise<Map<string, string>> {
  const tree = await broker.call<CategoryNode[], object>('products.listCategories', {});
  const flatten = (nodes: CategoryNode[]): CategoryNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
  const ids = new Map(flatten(tree).map((n) => [n.slug, n.id]));
  // Parents first: the roots together, then their children together.
  for (const level of [DEMO_CATEGORIES.filter((c) => !c.parent), DEMO_CATEGORIES.filter((c) => c.parent)]) {
    await inParallel(
      level.filter((c) => !ids.has(c.slug)),
      async ({ slug, name, parent }) => {
        const params = { slug, name, ...(parent ? { parentId: ids.get(parent) } : {}) };
        const created = await broker.call<Category, object>('products.createCategory', params, asSystem);
        ids.set(slug, created.id);
      },
    );
  }
  return ids;
}

/** Whether the last receipt line is on hand, i.e. a previous start got through every receipt. */
async function stockSeeded(broker: ServiceBroker, last: { sku: string; warehouse: string; quantity: number }): Promise<boolean> {
  const levels = await broker.call<SkuLevels, object>('inventory.levels', { sku: last.sku }, asSystem).catch(() => null);
  return levels?.warehouses.some((w) => w.warehouse === last.warehouse && w.onHand >= last.quantity) ?? false;
}

/** The demo products, when the catalog is empty; how many were created. */
async function seedProducts(broker: ServiceBroker, generated: ReturnType<typeof demoGenerated>): Promise<number> {
  if ((await broker.call<number, object>('products.count', {})) > 0) return 0;
  const categories = await ensureCategories(broker);
  const products = [...DEMO_PRODUCTS, ...generated.map(({ stock: _units, ...p }) => p)];
  await inParallel(products, ({ category, ...product }) =>
    broker.call('products.create', { ...product, categoryId: categories.get(category) }, asSystem),
  );
  return products.length;
}

/**
 * The demo stock. Receipts are idempotent by ref: a start after one a crash cut short receives them
 * all again. The last line goes alone after the others, so finding it on hand means every receipt
 * was applied.
 */
async function seedStock(broker: ServiceBroker, generated: ReturnType<typeof demoGenerated>): Promise<void> {
  const lines = [...DEMO_STOCK, ...generated.flatMap((p) => p.stock)];
  const last = lines[lines.length - 1];
  if (await stockSeeded(broker, last)) return;
  const receive = (batch: typeof lines) => broker.call('inventory.receiveBatch', { ref: 'demo-seed', lines: batch }, asSystem);
  const rest = lines.slice(0, -1);
  const batches = Array.from({ length: Math.ceil(rest.length / BATCH) }, (_, i) => rest.slice(i * BATCH, (i + 1) * BATCH));
  await inParallel(batches, receive);
  await receive([last]);
}

/**
 * Seeds the demo catalog (the hand-written products and some hundreds of generated ones) with stock
 * in two warehouses on an empty store, and the first admin; safe to run on every start.
 */
export async function seedDemo(broker: ServiceBroker, admin: { email: string; password?: string }): Promise<SeedResult> {
  const generated = demoGenerated();
  // The admin first: a catalog seed that fails must not leave the first start without a way in.
  const result = await broker.call<EnsureAdminResult, object>(
    'auth.ensureAdmin',
    admin.password ? admin : { email: admin.email },
  );
  // The catalog and inventory are different stores: products and stock go in side by side.
  const [productsCreated] = await Promise.all([seedProducts(broker, generated), seedStock(broker, generated)]);
  return { productsCreated, admin: result };
}
