import type { PgSearchIndex } from '../../services/search/search.index.pg';
import { search } from '../../services/search/search.searcher';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';
import { toSearchDocument } from '../../services/search/search.document.domain';
import { docOf, freshIndex, queryOf, sourceProduct } from './search.fixtures';

const stock = (sku: string, available: number, version: number, warehouse = 'w1') => ({
  sku,
  warehouse,
  onHand: available,
  reserved: 0,
  available,
  version,
});
const shuffled = <T>(xs: T[]) =>
  xs
    .map((x) => [Math.random(), x] as const)
    .sort(([a], [b]) => a - b)
    .map(([, x]) => x);

/** Each document keeps the source's version per entity: a late or repeated write never wins over a newer one. */
describe.each([pgliteHarness(), postgresServerHarness()])('search index versions ($label)', (harness) => {
  let index: PgSearchIndex;
  let ready = false;

  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
    if (ready) index = await freshIndex(harness);
  });
  afterAll(() => harness.teardown());

  it('an old product event replayed changes nothing', async () => {
    if (!ready) return;
    expect(await index.upsert(docOf({ id: 'r1', name: 'Kettle Mk1', version: 1 }))).toBe(true);
    expect(await index.upsert(docOf({ id: 'r1', name: 'Kettle Mk2', version: 2 }))).toBe(true);
    expect(await index.upsert(docOf({ id: 'r1', name: 'Kettle Mk1', version: 1 }))).toBe(false);
    expect(await index.upsert(docOf({ id: 'r1', name: 'Kettle Mk2', version: 2 }))).toBe(false);
    expect((await index.get('r1'))?.name).toBe('Kettle Mk2');
  });

  it('an old stock record replayed changes nothing; per SKU and warehouse', async () => {
    if (!ready) return;
    await index.upsert(docOf({ id: 's1', name: 'Teapot', variants: [{ sku: 'TP-1', amount: 100 }] }));
    expect(await index.applyStock(stock('TP-1', 5, 3))).toBe(true);
    expect(await index.applyStock(stock('TP-1', 0, 4))).toBe(true);
    expect(await index.applyStock(stock('TP-1', 5, 3))).toBe(false);
    expect(await index.applyStock(stock('TP-1', 2, 1, 'w2'))).toBe(true);
    const doc = await index.get('s1');
    expect(doc).toMatchObject({ inStock: true, stock: { bySku: { 'TP-1': 2 }, byWarehouse: { w1: 0, w2: 2 } } });
    expect(doc?.versions).toEqual({ product: 1, 'sku:TP-1@w1': 4, 'sku:TP-1@w2': 1 });
    await index.applyStock(stock('TP-1', 0, 2, 'w2'));
    expect((await search(index, queryOf({ q: 'teapot', inStock: true }))).total).toBe(0);
  });

  it('stock that arrives before its product is kept for it', async () => {
    if (!ready) return;
    await index.applyStock(stock('EARLY-1', 7, 1));
    await index.upsert(docOf({ id: 'e1', name: 'Early Bird', variants: [{ sku: 'EARLY-1', amount: 100 }] }));
    expect(await index.get('e1')).toMatchObject({ inStock: true, stock: { bySku: { 'EARLY-1': 7 } } });
  });

  it('a deleted product stays deleted when an older write arrives late', async () => {
    if (!ready) return;
    await index.upsert(docOf({ id: 'd1', name: 'Gone Gadget', version: 3 }));
    expect(await index.remove('d1', 4)).toBe(true);
    expect(await index.upsert(docOf({ id: 'd1', name: 'Gone Gadget', version: 3 }))).toBe(false);
    expect(await index.get('d1')).toBeNull();
    expect((await search(index, queryOf({ q: 'gone' }))).total).toBe(0);
  });

  it('a scheduled price coming due: the document is listed for re-pricing, and a refresh at the same version rewrites it', async () => {
    if (!ready) return;
    const now = Date.now();
    const source = sourceProduct({ id: 'sale1', name: 'Sale Kettle', variants: [{ sku: 'SALE-1', amount: 5_000 }] });
    source.variants[0].prices = [
      { amount: 5_000, currency: 'EUR' },
      { amount: 4_000, currency: 'EUR', from: now + 1_000 },
    ];
    await index.upsert(toSearchDocument(source, now, 1));
    expect(await index.dueForRepricing(now, 10)).not.toContain('sale1');
    expect(await index.dueForRepricing(now + 1_000, 10)).toContain('sale1');
    const later = toSearchDocument(source, now + 1_000, 1);
    expect(await index.upsert(later)).toBe(false);
    expect(await index.upsert(later, { refresh: true })).toBe(true);
    expect((await index.get('sale1'))?.variants[0].price?.amount).toBe(4_000);
    expect(await index.dueForRepricing(now + 1_000, 10)).not.toContain('sale1');
    // A refresh never takes an older version over a newer one.
    await index.upsert(toSearchDocument({ ...source, name: 'Sale Kettle v2', version: 2 }, now, 2));
    expect(await index.upsert(later, { refresh: true })).toBe(false);
  });

  it('batches keep the same guard: the newest of a repeated id, never an older stored version; stock likewise', async () => {
    if (!ready) return;
    await index.upsert(docOf({ id: 'b2', name: 'Batch Two', version: 5 }));
    const written = await index.upsertMany([
      docOf({ id: 'b1', name: 'Batch One old', version: 1, variants: [{ sku: 'B1-1', amount: 100 }] }),
      docOf({ id: 'b1', name: 'Batch One', version: 2, variants: [{ sku: 'B1-1', amount: 100 }] }),
      docOf({ id: 'b2', name: 'Batch Two stale', version: 4 }),
    ]);
    expect(written).toBe(1);
    expect((await index.get('b1'))?.name).toBe('Batch One');
    expect((await index.get('b2'))?.name).toBe('Batch Two');
    expect(await index.applyStockMany([stock('B1-1', 3, 2), stock('B1-1', 9, 1), stock('B1-1', 4, 1, 'w2')])).toBe(2);
    expect(await index.applyStockMany([stock('B1-1', 0, 2)])).toBe(0);
    expect(await index.get('b1')).toMatchObject({ inStock: true, stock: { byWarehouse: { w1: 3, w2: 4 } } });
  });

  it('writes of every version in parallel, in any order, leave the newest', async () => {
    if (!ready) return;
    const versions = Array.from({ length: 24 }, (_, i) => i + 1);
    for (let round = 0; round < 5; round++) {
      const id = `race${round}`;
      await Promise.all(shuffled(versions).map((v) => index.upsert(docOf({ id, name: `Version ${v}`, version: v }))));
      expect((await index.get(id))?.versions.product).toBe(24);
      expect((await index.get(id))?.name).toBe('Version 24');
    }
  });

  it('a product and its stock written at the same moment: availability always reflects the stock', async () => {
    if (!ready) return;
    const ids = Array.from({ length: 40 }, (_, i) => `pair${i}`);
    await Promise.all(
      ids.flatMap((id) => [
        index.upsert(docOf({ id, name: 'Paired', variants: [{ sku: `${id}-sku`, amount: 100 }] })),
        index.applyStock(stock(`${id}-sku`, 1, 1)),
      ]),
    );
    const missed = [];
    for (const id of ids) if (!(await index.get(id))?.inStock) missed.push(id);
    expect(missed).toEqual([]);
  });
});
