import { createHash } from 'node:crypto';

/**
 * Reconciliation of the search index against its sources, as a pure function over what was read:
 * counts by status on both sides, a checksum per block of 1,000 catalog ids (only blocks whose
 * checksums differ are compared id by id), and every drift named. The auditor reports it; the
 * repair re-reads exactly the drifted ids.
 */

export interface CatalogEntry {
  id: string;
  version: number;
  status: string;
  skus: string[];
}
/** A document as indexed; tombstones (status `deleted`) count as absent. */
export interface IndexEntry {
  id: string;
  version: number;
  status: string;
  inStock: boolean;
}
export interface StockEntry {
  sku: string;
  warehouse: string;
  available: number;
  version: number;
}

export type DriftKind = 'missing' | 'extra' | 'stale-version' | 'status' | 'stock';
export interface Drift {
  kind: DriftKind;
  /** The product id. */
  id: string;
  detail: string;
  /** For stock drift of one record: `sku@warehouse`. */
  record?: string;
}

export interface Reconciliation {
  counts: { catalog: Record<string, number>; index: Record<string, number> };
  blocks: { total: number; differing: string[] };
  drift: Drift[];
}

export const BLOCK = 1_000;

const countBy = (rows: { status: string }[]) =>
  rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
const checksum = (lines: string[]) => createHash('sha1').update(lines.join('\n')).digest('hex');
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const key = (s: { sku: string; warehouse: string }) => `${s.sku}@${s.warehouse}`;

/** Per block of catalog ids `[first, next first)`, the ids whose block checksums differ. */
function differingBlocks(
  catalog: CatalogEntry[],
  index: IndexEntry[],
  expectInStock: (p: CatalogEntry) => boolean,
): { total: number; differing: string[]; ids: Set<string> } {
  const bounds = catalog.filter((_, i) => i % BLOCK === 0).map((c, k) => (k === 0 ? '' : c.id));
  if (bounds.length === 0) bounds.push('');
  const blockOf = (id: string) => {
    let k = bounds.length - 1;
    while (k > 0 && id < bounds[k]) k--;
    return k;
  };
  const sides = bounds.map(() => ({ catalog: [] as string[], index: [] as string[], ids: [] as string[] }));
  for (const c of catalog) {
    const s = sides[blockOf(c.id)];
    s.catalog.push(`${c.id}:${c.version}:${c.status}:${expectInStock(c)}`);
    s.ids.push(c.id);
  }
  for (const d of index) {
    const s = sides[blockOf(d.id)];
    s.index.push(`${d.id}:${d.version}:${d.status}:${d.inStock}`);
    s.ids.push(d.id);
  }
  const differing: string[] = [];
  const ids = new Set<string>();
  sides.forEach((s, k) => {
    if (checksum(s.catalog) === checksum(s.index)) return;
    differing.push(bounds[k] || '(first)');
    for (const id of s.ids) ids.add(id);
  });
  return { total: bounds.length, differing, ids };
}

export function reconcile(
  catalogRows: CatalogEntry[],
  indexRows: IndexEntry[],
  inventory: StockEntry[],
  indexStock: StockEntry[],
): Reconciliation {
  const catalog = [...catalogRows].sort(byId);
  const index = indexRows.filter((d) => d.status !== 'deleted').sort(byId);
  const availableBySku = new Map<string, number>();
  for (const s of inventory) availableBySku.set(s.sku, Math.max(availableBySku.get(s.sku) ?? 0, s.available));
  const expectInStock = (p: CatalogEntry) => p.skus.some((sku) => (availableBySku.get(sku) ?? 0) > 0);
  const blocks = differingBlocks(catalog, index, expectInStock);

  const drift: Drift[] = [];
  const inCatalog = new Map(catalog.map((c) => [c.id, c]));
  const inIndex = new Map(index.map((d) => [d.id, d]));
  for (const id of [...blocks.ids].sort()) {
    const c = inCatalog.get(id);
    const d = inIndex.get(id);
    if (c && !d) drift.push({ kind: 'missing', id, detail: `catalog v${c.version} ${c.status}, not in the index` });
    else if (!c && d) drift.push({ kind: 'extra', id, detail: `indexed v${d.version} ${d.status}, not in the catalog` });
    else if (c && d && c.version !== d.version)
      drift.push({ kind: 'stale-version', id, detail: `indexed v${d.version}, catalog v${c.version}` });
    else if (c && d && c.status !== d.status)
      drift.push({ kind: 'status', id, detail: `indexed ${d.status}, catalog ${c.status} (both v${c.version})` });
    else if (c && d && d.inStock !== expectInStock(c))
      drift.push({ kind: 'stock', id, detail: `indexed ${d.inStock ? 'in' : 'out of'} stock, inventory says the opposite` });
  }

  // Stock records of catalogued SKUs, record by record: availability is what shoppers filter on.
  const productOfSku = new Map(catalog.flatMap((c) => c.skus.map((sku) => [sku, c.id] as const)));
  const indexed = new Map(indexStock.map((s) => [key(s), s]));
  for (const s of inventory) {
    const id = productOfSku.get(s.sku);
    if (!id) continue;
    const got = indexed.get(key(s));
    if (!got)
      drift.push({ kind: 'stock', id, record: key(s), detail: `v${s.version} available ${s.available}, not in the index` });
    else if (got.version !== s.version || got.available !== s.available)
      drift.push({
        kind: 'stock',
        id,
        record: key(s),
        detail: `indexed v${got.version} available ${got.available}, inventory v${s.version} available ${s.available}`,
      });
  }
  return {
    counts: { catalog: countBy(catalog), index: countBy(index) },
    blocks: { total: blocks.total, differing: blocks.differing },
    drift,
  };
}
