import type { Context } from 'moleculer';
import type { Product } from '../products/products.contract';
import type { ExportPage, SearchDocument, StockChanged } from './search.contract';
import { toSearchDocument, type SourceProduct } from './search.document.domain';
import type { SearchIndex, Target } from './search.index';

/** Ids re-read per call to the catalog's export (its page limit). */
export const READ_BATCH = 500;

export interface ProductChange {
  id: string;
  change?: string;
  version?: number;
}

/** The catalog's own read of these products (drafts and archived included), with their category paths. */
export async function readProducts(ctx: Context, ids: string[]): Promise<SourceProduct[]> {
  const rows: SourceProduct[] = [];
  for (let i = 0; i < ids.length; i += READ_BATCH) {
    const page = await ctx.call<ExportPage<SourceProduct>, { ids: string[] }>('products.export', {
      ids: ids.slice(i, i + READ_BATCH),
    });
    rows.push(...page.rows);
  }
  return rows;
}

/** The source's version of a product; rows written before versions count as the first. */
export const versionOf = (p: Pick<Product, 'version'>): number => p.version ?? 1;

export function documentOf(product: SourceProduct, at: number): SearchDocument {
  return toSearchDocument(product, at, versionOf(product));
}

/**
 * A product changed: re-read it from the catalog (the event says which, not what) and keep what was
 * read with the version read. The index's version guard makes a repeat or a late event a no-op. A
 * product the catalog no longer has becomes a tombstone at the event's version.
 */
export async function projectProduct(index: SearchIndex, ctx: Context, change: ProductChange, target: Target = {}) {
  const [product] = await readProducts(ctx, [change.id]);
  if (product) return index.upsert(documentOf(product, Date.now()), target);
  if (change.version !== undefined) return index.remove(change.id, change.version, target);
  return false;
}

/**
 * Re-reads and rewrites documents whose product version did not change but whose derived fields did
 * (a category renamed or moved, a scheduled price taking effect): `refresh` lets the same version
 * overwrite, never an older one.
 */
export async function refreshProducts(index: SearchIndex, ctx: Context, ids: string[]): Promise<number> {
  const now = Date.now();
  let written = 0;
  for (const product of await readProducts(ctx, ids))
    if (await index.upsert(documentOf(product, now), { refresh: true })) written++;
  return written;
}

export function projectStock(index: SearchIndex, stock: StockChanged, target: Target = {}): Promise<boolean> {
  return index.applyStock(stock, target);
}

/** Documents under a category (any depth), page by page, refreshed from the catalog. */
export async function refreshCategory(index: SearchIndex, ctx: Context, categoryId: string): Promise<number> {
  let written = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await index.idsInCategory(categoryId, READ_BATCH, after);
    if (ids.length === 0) return written;
    written += await refreshProducts(index, ctx, ids);
    after = ids[ids.length - 1];
  }
}
