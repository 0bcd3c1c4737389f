import { randomUUID } from 'node:crypto';
import type { ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import { GENERATED_CATEGORIES, generatedProduct } from '../scripts/catalog-generator';
import type { InventoryThis } from '../services/inventory/inventory.methods';
import { newStock } from '../services/inventory/inventory.domain';
import type { Category } from '../services/products/products.contract';
import type { ProductsThis } from '../services/products/products.methods';
import { newProduct } from '../services/products/products.write.domain';

/**
 * The bench's catalog fixture: `count` generated products written straight into the catalog and
 * inventory stores in multi-row inserts (what an import would do), with their SKU index rows and
 * stock. Nothing here is measured as search work: the index is then built by a rebuild from the
 * services' exports, which is what the bench times.
 */

const BATCH = 1_000;
const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };

export interface LoadedCatalog {
  products: number;
  skus: number;
  stock: number;
  ms: number;
  /** Active products' ids, for the writes of the lag run. */
  activeIds: string[];
}

export async function loadCatalog(broker: ServiceBroker, count: number): Promise<LoadedCatalog> {
  const started = Date.now();
  const categories = new Map<string, string>();
  for (const { slug, name, parent } of GENERATED_CATEGORIES) {
    const params = { slug, name, ...(parent ? { parentId: categories.get(parent) } : {}) };
    categories.set(slug, (await broker.call<Category, object>('products.createCategory', params, asSystem)).id);
  }
  const catalog = broker.getLocalService('products') as unknown as ProductsThis;
  const inventory = broker.getLocalService('inventory') as unknown as InventoryThis;
  const out: LoadedCatalog = { products: 0, skus: 0, stock: 0, ms: 0, activeIds: [] };
  for (let from = 0; from < count; from += BATCH) {
    const now = Date.now();
    const batch = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => generatedProduct(from + k));
    // Spread over the past year, so `newest` has an order to keep.
    const docs = batch.map(({ category, stock: _stock, ...input }, k) =>
      newProduct({ ...input, categoryId: categories.get(category) }, randomUUID(), now - (count - from - k) * 300_000),
    );
    const skus = docs.flatMap((p) => p.variants.map((v) => ({ id: v.sku, productId: p.id })));
    const stock = batch.flatMap((p) => p.stock.map((line) => newStock({ ...line, ref: 'bench' }, now)));
    await catalog.products().insertMany(docs);
    await catalog.skus().insertMany(skus);
    await inventory.stock().insertMany(stock);
    out.products += docs.length;
    out.skus += skus.length;
    out.stock += stock.length;
    out.activeIds.push(...docs.filter((d) => d.status === 'active').map((d) => d.id));
  }
  out.ms = Date.now() - started;
  return out;
}
