import type { SortOrder } from '../../services/products/products.contract';
import { countable, queryCounts } from '../../services/search/search.facets.query';
import type { IndexQuery } from '../../services/search/search.index';
import type { PgSearchIndex } from '../../services/search/search.index.pg';
import { queryIndex } from '../../services/search/search.index.query';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';
import { CATEGORIES, docOf, freshIndex, type Spec } from './search.fixtures';
import type { SqlRunner } from '../../mixins/store/postgres/postgres.store';

/** A deterministic generator, so a failure reproduces. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const BRANDS = ['Acme', 'Globex', 'Initech'];
const CATS = Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[];
const AMOUNTS = [500, 1_500, 3_000, 7_500, 20_000, 60_000];
const STATUSES = ['active', 'active', 'active', 'archived', 'draft'] as const;

/** Every countable combination the listing sends: category (any depth) × brand × availability, several sorts. */
const GRID: IndexQuery[] = [undefined, 'electronics', 'phones', 'home', 'clothing'].flatMap((category) =>
  [undefined, 'Acme'].flatMap((brand) =>
    [undefined, true, false].map((inStock, i) => ({
      terms: [],
      prefixLast: false,
      attr: {},
      category,
      brand,
      inStock,
      sort: (['relevance', 'price', '-name'] as SortOrder[])[i],
      offset: 0,
      limit: 100,
    })),
  ),
);

/** The store's SQL runner behind the index (the same the index reads with). */
const readerOf = (index: PgSearchIndex) => (index as unknown as { read: SqlRunner }).read;

describe.each([pgliteHarness(), postgresServerHarness()])('facet counts against the SQL path ($label)', (harness) => {
  let index: PgSearchIndex;
  let ready = false;
  const next = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const versions = new Map<string, number>();
  const stockVersions = new Map<string, number>();

  const specOf = (id: string): Spec => ({
    id,
    name: `Item ${id}`,
    brand: pick(BRANDS),
    category: next() < 0.1 ? undefined : pick(CATS),
    status: pick(STATUSES),
    attributes: { color: pick(['red', 'blue']) },
    variants: Array.from({ length: 1 + Math.floor(next() * 2) }, (_, v) => ({
      sku: `${id}-${v}`,
      amount: pick(AMOUNTS),
      attributes: { size: pick(['s', 'm']) },
    })),
    version: (versions.get(id) ?? 0) + 1,
  });
  const stockOf = (id: string) => {
    const sku = `${id}-${Math.floor(next() * 2)}`;
    const version = (stockVersions.get(sku) ?? 0) + 1;
    stockVersions.set(sku, version);
    return { sku, warehouse: pick(['w1', 'w2']), onHand: 3, reserved: 0, available: pick([0, 0, 2]), version };
  };

  async function expectSame(step: string) {
    for (const q of GRID) {
      expect(countable(q)).toBe(true);
      const [fast, exact] = await Promise.all([queryCounts(readerOf(index), q), queryIndex(readerOf(index), q)]);
      const ids = (p: typeof fast) => p.docs.map((d) => d.id);
      expect({ step, q, total: fast.total, facets: fast.facets, ids: ids(fast) }).toEqual({
        step,
        q,
        total: exact.total,
        facets: exact.facets,
        ids: ids(exact),
      });
    }
  }

  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
    if (!ready) return;
    index = await freshIndex(harness);
    // The rebuild's bulk path: a generation filled without indexes, counted once in finishGeneration.
    const gen = `gcounts${Date.now().toString(36)}`;
    await index.createGeneration(gen, { deferIndexes: true });
    const specs = Array.from({ length: 30 }, (_, i) => specOf(`p${i}`));
    specs.forEach((s) => versions.set(s.id, s.version!));
    await index.upsertMany(specs.map(docOf), { gen });
    await index.applyStockMany(
      specs.map((s) => stockOf(s.id)),
      { gen },
    );
    await index.finishGeneration(gen);
    await index.switchTo(gen);
  }, 120_000);
  afterAll(() => harness.teardown());

  it('answers total, facets and the page exactly as the SQL path after a rebuild and over random writes', async () => {
    if (!ready) return;
    await expectSame('after the rebuild');
    for (let step = 0; step < 120; step++) {
      const id = `p${Math.floor(next() * 36)}`;
      const op = next();
      if (op < 0.45) {
        const spec = specOf(id);
        versions.set(id, spec.version!);
        await index.upsert(docOf(spec));
      } else if (op < 0.85) await index.applyStock(stockOf(id));
      else {
        const version = (versions.get(id) ?? 0) + 1;
        versions.set(id, version);
        await index.remove(id, version);
      }
      if (step % 30 === 29) await index.foldCounts(true);
      if (step % 10 === 9) await expectSame(`step ${step}`);
    }
    await index.foldCounts(true);
    await expectSame('folded');
    const brute = await queryIndex(readerOf(index), GRID[0]);
    expect(brute.total).toBeGreaterThan(5);
  }, 240_000);
});
