import { BLOCK, reconcile, type CatalogEntry, type IndexEntry, type StockEntry } from './search.reconcile.domain';

const product = (id: string, version = 1, status = 'active', skus = [`${id.toUpperCase()}-1`]): CatalogEntry => ({
  id,
  version,
  status,
  skus,
});
const doc = (id: string, version = 1, status = 'active', inStock = false): IndexEntry => ({ id, version, status, inStock });
const stock = (sku: string, available: number, version = 1, warehouse = 'main'): StockEntry => ({
  sku,
  warehouse,
  available,
  version,
});

describe('search reconciliation', () => {
  it('finds nothing when the index matches the catalog and inventory', () => {
    const r = reconcile(
      [product('a'), product('b', 2, 'draft')],
      [doc('b', 2, 'draft'), doc('a', 1, 'active', true)],
      [stock('A-1', 3)],
      [stock('A-1', 3)],
    );
    expect(r).toEqual({
      counts: { catalog: { active: 1, draft: 1 }, index: { active: 1, draft: 1 } },
      blocks: { total: 1, differing: [] },
      drift: [],
    });
  });

  it('names every kind of drift', () => {
    const r = reconcile(
      [product('a'), product('b', 3), product('c', 1, 'archived'), product('d')],
      [doc('b', 2), doc('c', 1, 'active'), doc('d', 1, 'active', true), doc('x', 4), doc('y', 1, 'deleted')],
      [stock('B-1', 2, 5)],
      [stock('B-1', 0, 4)],
    );
    expect(r.drift).toEqual([
      { kind: 'missing', id: 'a', detail: 'catalog v1 active, not in the index' },
      { kind: 'stale-version', id: 'b', detail: 'indexed v2, catalog v3' },
      { kind: 'status', id: 'c', detail: 'indexed active, catalog archived (both v1)' },
      { kind: 'stock', id: 'd', detail: 'indexed in stock, inventory says the opposite' },
      { kind: 'extra', id: 'x', detail: 'indexed v4 active, not in the catalog' },
      { kind: 'stock', id: 'b', record: 'B-1@main', detail: 'indexed v4 available 0, inventory v5 available 2' },
    ]);
    expect(r.counts).toEqual({ catalog: { active: 3, archived: 1 }, index: { active: 4 } });
  });

  it('checksums blocks of 1,000 ids and compares only the blocks that differ', () => {
    const ids = Array.from({ length: 2_500 }, (_, i) => `p${String(i).padStart(5, '0')}`);
    const catalog = ids.map((id) => product(id));
    const index = ids.map((id) => doc(id));
    index[1_500] = doc(ids[1_500], 7);
    const r = reconcile(catalog, index, [], []);
    expect(r.blocks).toEqual({ total: Math.ceil(ids.length / BLOCK), differing: [ids[1_000]] });
    expect(r.drift).toEqual([{ kind: 'stale-version', id: ids[1_500], detail: 'indexed v7, catalog v1' }]);
  });

  it('reports a stock record the index lacks, only for catalogued SKUs', () => {
    const r = reconcile([product('a')], [doc('a')], [stock('A-1', 0, 2), stock('ORPHAN', 5)], []);
    expect(r.drift).toEqual([{ kind: 'stock', id: 'a', record: 'A-1@main', detail: 'v2 available 0, not in the index' }]);
  });
});
