import type { SqlRunner, SqlSession } from '../../mixins/store/postgres/postgres.store';
import type { StockRecord } from '../inventory/inventory.contract';
import type { SearchDocument } from './search.contract';
import type { SourceProduct } from './search.document.domain';
import type { SearchIndex } from './search.index';
import { documentOf } from './search.projection';
import type { RebuildSources } from './search.rebuild';
import { stockChangedOf } from './search.rebuild.domain';
import {
  reconcile,
  type CatalogEntry,
  type Drift,
  type IndexEntry,
  type Reconciliation,
  type StockEntry,
} from './search.reconcile.domain';

/** What the live index holds, for reconciliation: documents (tombstones too) and stock records. */
export async function readIndex(sql: SqlSession): Promise<{ docs: IndexEntry[]; stock: StockEntry[] }> {
  const docs = await sql.query(`SELECT id, product_version, status, in_stock FROM search_docs`);
  const stock = await sql.query(`SELECT sku, warehouse, available, version FROM search_stock`);
  return {
    docs: docs.rows.map((r) => ({
      id: String(r.id),
      version: Number(r.product_version),
      status: String(r.status),
      inStock: r.in_stock === true,
    })),
    stock: stock.rows.map((r) => ({
      sku: String(r.sku),
      warehouse: String(r.warehouse),
      available: Number(r.available),
      version: Number(r.version),
    })),
  };
}

type SourceRow = Pick<SourceProduct, 'id' | 'version' | 'status' | 'variants'>;
export const catalogEntryOf = (p: SourceRow): CatalogEntry => ({
  id: p.id,
  version: p.version ?? 1,
  status: p.status,
  skus: p.variants.map((v) => v.sku),
});
export const stockEntryOf = (r: Pick<StockRecord, 'sku' | 'warehouse' | 'onHand' | 'reserved' | 'version'>): StockEntry => ({
  sku: r.sku,
  warehouse: r.warehouse,
  available: r.onHand - r.reserved,
  version: r.version ?? 1,
});

async function everyPage<T>(read: (after?: string) => Promise<{ rows: T[]; next: string | null }>): Promise<T[]> {
  const all: T[] = [];
  for (let after: string | undefined; ;) {
    const page = await read(after);
    all.push(...page.rows);
    if (!page.next) return all;
    after = page.next;
  }
}

/** Reads both sources through their exports and the live index, and reconciles them. */
export async function reconcileLive(sql: SqlRunner, sources: RebuildSources): Promise<Reconciliation> {
  const [products, stock] = await Promise.all([
    everyPage((after) => sources.products({ ...(after ? { after } : {}), limit: 1_000 })),
    everyPage((after) => sources.stock({ ...(after ? { after } : {}), limit: 1_000 })),
  ]);
  const index = await readIndex(sql);
  return reconcile(products.map(catalogEntryOf), index.docs, stock.map(stockEntryOf), index.stock);
}

export interface RepairReport {
  drift: Drift[];
  repaired: { products: number; stock: number };
}

/**
 * Fixes the named drift without a rebuild: each drifted document or stock record is re-read from
 * its source by id, and only then has its stored version lowered below any real one (documents to
 * 0, stock records to -1) and is written again from that read, so a corrupted version, even one
 * ahead of the source, cannot block the rewrite. Until its rewrite a drifted row keeps serving as
 * it was: a repair cut off half way (a source gone) leaves nothing less searchable than it found.
 * A document the catalog no longer has is dropped. An event landing in between is kept or
 * overtaken by version, as always.
 */
export async function repair(index: SearchIndex, sql: SqlRunner, sources: RebuildSources): Promise<RepairReport> {
  const { drift } = await reconcileLive(sql, sources);
  const ids = [...new Set(drift.filter((d) => !d.record).map((d) => d.id))];
  const records = new Set(drift.flatMap((d) => (d.record ? [d.record] : [])));
  const skus = [...new Set([...records].map((r) => r.split('@')[0]))];
  for (let i = 0; i < skus.length; i += 500) {
    const rows = (await sources.stock({ skus: skus.slice(i, i + 500) })).rows.filter((r) =>
      records.has(`${r.sku}@${r.warehouse}`),
    );
    for (const r of rows) {
      await sql.query(`UPDATE search_stock SET version = -1 WHERE sku = $1 AND warehouse = $2`, [r.sku, r.warehouse]);
      await index.applyStock(stockChangedOf(r));
    }
  }
  const now = Date.now();
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const found = (await sources.products({ ids: batch })).rows;
    const gone = batch.filter((id) => !found.some((p) => p.id === id));
    if (gone.length) await sql.query(`DELETE FROM search_docs WHERE id = ANY($1::text[])`, [gone]);
    for (const p of found) {
      await sql.query(`UPDATE search_docs SET product_version = 0 WHERE id = $1`, [p.id]);
      await index.upsert(documentOf(p, now) as SearchDocument);
    }
  }
  return { drift, repaired: { products: ids.length, stock: records.size } };
}
