import type { StockRecord } from '../../services/inventory/inventory.contract';
import type { ExportPage } from '../../services/search/search.contract';
import type { SourceProduct } from '../../services/search/search.document.domain';
import type { RebuildSources } from '../../services/search/search.rebuild';
import { repair } from '../../services/search/search.repair';
import { sqlRunnerOf, type SqlRunner } from '../../mixins/store/postgres/postgres.store';
import { searchSchema } from '../../services/search/search.schema';
import { PgSearchIndex } from '../../services/search/search.index.pg';
import { search } from '../../services/search/search.searcher';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness } from '../support/harness.postgres';
import { docOf, queryOf, sourceProduct } from './search.fixtures';

const LAMP = { id: 'lamp', name: 'Amber Lamp', variants: [{ sku: 'LAMP-1', amount: 2_500 }] };
const STOCK: StockRecord = {
  id: 'LAMP-1#main',
  sku: 'LAMP-1',
  warehouse: 'main',
  onHand: 3,
  reserved: 0,
  version: 1,
} as StockRecord;

/**
 * The catalog and inventory as their exports answer, with the catalog going away after its full
 * listing (a products node stopping mid-repair): the by-id re-read of the drifted product fails.
 */
function sources(catalogDown: () => boolean): RebuildSources {
  const page = <T>(rows: T[]): ExportPage<T> => ({ rows, next: null });
  return {
    async products(p) {
      if (p.ids && catalogDown()) throw new Error('products unavailable');
      return page<SourceProduct>([sourceProduct(LAMP)]);
    },
    async stock() {
      return page([STOCK]);
    },
  };
}

/** A repair cut off half way never leaves the index worse than it found it (PGlite). */
describe('search repair interrupted', () => {
  const harness = pgliteHarness();
  let ready = false;
  let index: PgSearchIndex;
  let sql: SqlRunner;
  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
    if (!ready) return;
    sql = sqlRunnerOf(await harness.createStore('search', searchSchema));
    index = new PgSearchIndex(sql);
    await index.ensure();
  });
  afterAll(() => harness.teardown());

  it('a drifted document stays searchable when its re-read fails, and the next repair fixes it', async () => {
    if (!ready) return;
    await index.applyStock({ sku: 'LAMP-1', warehouse: 'main', onHand: 3, reserved: 0, available: 3, version: 1 });
    await index.upsert(docOf(LAMP));
    await sql.query(`UPDATE search_docs SET product_version = 99 WHERE id = 'lamp'`);
    await sql.query(`UPDATE search_stock SET available = 0, version = 7 WHERE sku = 'LAMP-1'`);

    let down = true;
    await expect(
      repair(
        index,
        sql,
        sources(() => down),
      ),
    ).rejects.toThrow(/unavailable/);
    expect((await search(index, queryOf({ q: 'lamp' }))).rows.map((r) => r.id)).toEqual(['lamp']);

    down = false;
    const report = await repair(
      index,
      sql,
      sources(() => down),
    );
    // The stock record was re-read and fixed before the catalog went away.
    expect(report.repaired).toEqual({ products: 1, stock: 0 });
    expect((await index.get('lamp'))?.versions).toEqual({ product: 1, 'sku:LAMP-1@main': 1 });
    expect((await search(index, queryOf({ q: 'lamp', inStock: true }))).total).toBe(1);
    expect(
      (
        await repair(
          index,
          sql,
          sources(() => down),
        )
      ).drift,
    ).toEqual([]);
  });
});
