import type { StoreName } from '../../config/stores';
import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import type { Store } from '../../mixins/store/store.types';
import type { StockRecord } from '../../services/inventory/inventory.contract';
import type { Product } from '../../services/products/products.contract';
import { catalogEntryOf, readIndex, stockEntryOf } from '../../services/search/search.repair';
import { reconcile, type Reconciliation } from '../../services/search/search.reconcile.domain';
import type { Violation } from './audit.types';

const counted = (c: Record<string, number>) =>
  Object.entries(c)
    .sort()
    .map(([s, n]) => `${s} ${n}`)
    .join(', ') || 'none';

/** The reconciliation as violations: status counts that differ, blocks whose checksums differ, every drift by id. */
export function searchViolationsOf(r: Reconciliation): Violation[] {
  const out: Violation[] = [];
  const invariant = 'search-matches-sources' as const;
  if (counted(r.counts.catalog) !== counted(r.counts.index))
    out.push({
      invariant,
      subject: 'search/counts',
      detail: `catalog ${counted(r.counts.catalog)}; index ${counted(r.counts.index)}`,
    });
  if (r.blocks.differing.length)
    out.push({
      invariant,
      subject: 'search/checksums',
      detail: `${r.blocks.differing.length} of ${r.blocks.total} blocks of 1,000 ids differ, from ids ${r.blocks.differing.join(', ')}`,
    });
  for (const d of r.drift)
    out.push({ invariant, subject: `search/${d.kind}/${d.id}${d.record ? `/${d.record}` : ''}`, detail: d.detail });
  return out;
}

/**
 * The search index against the catalog and inventory, read from their stores. An index that was
 * never built (its tables absent: no search node ever started here) has nothing to compare.
 */
export async function searchViolations(stores: Map<StoreName, Store>): Promise<Violation[]> {
  const [search, catalog, inventory] = (['search', 'catalog', 'inventory'] as StoreName[]).map((n) => stores.get(n));
  if (!search || !catalog || !inventory) return [];
  const sql = sqlRunnerOf(search);
  const { rows } = await sql.query(`SELECT to_regclass('search_docs') IS NOT NULL AS built`);
  if (rows[0]?.built !== true) return [];
  const [products, stock, index] = await Promise.all([
    catalog.collection<Product>('products').find(),
    inventory.collection<StockRecord>('stock').find(),
    readIndex(sql),
  ]);
  return searchViolationsOf(reconcile(products.map(catalogEntryOf), index.docs, stock.map(stockEntryOf), index.stock));
}
