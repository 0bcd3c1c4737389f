import { bucketOf } from '../../services/products/products.listing.domain';
import type { PgSearchIndex } from '../../services/search/search.index.pg';
import { search } from '../../services/search/search.searcher';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';
import { docOf, freshIndex, queryOf, type Spec } from './search.fixtures';

/** A deterministic generator, so a failure reproduces. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const BRANDS = ['Acme', 'Globex', 'Initech', 'Umbrella'];
const COLORS = ['red', 'green', 'blue', 'black'];
const SIZES = ['s', 'm', 'l'];
const AMOUNTS = [500, 1_500, 3_000, 7_500, 20_000, 60_000, 150_000];

function catalog(n: number): { specs: Spec[]; stocked: Set<string> } {
  const next = random(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const specs: Spec[] = [];
  const stocked = new Set<string>();
  for (let i = 0; i < n; i++) {
    const id = `p${String(i).padStart(3, '0')}`;
    const variants = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, v) => ({
      sku: `${id.toUpperCase()}-${v}`,
      amount: pick(AMOUNTS),
      attributes: { size: pick(SIZES) },
    }));
    specs.push({
      id,
      name: `${next() < 0.5 ? 'Gadget' : 'Widget'} ${i}`,
      brand: pick(BRANDS),
      status: next() < 0.1 ? 'archived' : 'active',
      attributes: { color: pick(COLORS) },
      variants,
    });
    if (next() < 0.6) stocked.add(id);
  }
  return { specs, stocked };
}

type Counts = Record<string, number>;
const bump = (c: Counts, k: string) => (c[k] = (c[k] ?? 0) + 1);
const sorted = (c: Counts) => Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1));

describe.each([pgliteHarness(), postgresServerHarness()])('search facets against a brute-force count ($label)', (harness) => {
  let index: PgSearchIndex;
  let ready = false;
  const { specs, stocked } = catalog(160);

  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
    if (!ready) return;
    index = await freshIndex(harness);
    for (const spec of specs) {
      await index.upsert(docOf(spec));
      if (stocked.has(spec.id))
        await index.applyStock({ sku: spec.variants![0].sku, warehouse: 'w1', onHand: 3, reserved: 0, available: 3, version: 1 });
    }
  }, 120_000);
  afterAll(() => harness.teardown());

  it.each([
    { name: 'attribute and price filters', q: undefined, color: 'red', min: 1_000, max: 30_000 },
    { name: 'a word, an attribute and a price floor', q: 'gadget', color: 'blue', min: 2_000, max: undefined },
    { name: 'a price ceiling only', q: undefined, color: undefined, min: undefined, max: 5_000 },
  ])('$name: rows, total and every facet count equal the brute-force count', async ({ q, color, min, max }) => {
    if (!ready) return;
    const hits = specs.filter(
      (s) =>
        s.status === 'active' &&
        (!q || s.name.toLowerCase().split(' ').includes(q)) &&
        (!color || s.attributes!.color === color) &&
        s.variants!.some((v) => v.amount >= (min ?? 0) && v.amount <= (max ?? Infinity)),
    );
    expect(hits.length).toBeGreaterThan(5);
    const brands: Counts = {};
    const attrs: Counts = {};
    const prices: Counts = {};
    for (const s of hits) {
      bump(brands, s.brand!);
      const keys = new Set([`color=${s.attributes!.color}`, ...s.variants!.map((v) => `size=${v.attributes!.size}`)]);
      keys.forEach((k) => bump(attrs, k));
      new Set(s.variants!.map((v) => bucketOf(v.amount))).forEach((b) => bump(prices, String(b)));
    }
    const page = await search(index, queryOf({ q, attr: color ? { color } : {}, minPrice: min, maxPrice: max, pageSize: 100 }));
    expect(page.total).toBe(hits.length);
    expect(page.rows.map((r) => r.id).sort()).toEqual(hits.map((s) => s.id).sort());
    expect(sorted(Object.fromEntries(page.facets.brands.map((b) => [b.value, b.count])))).toEqual(sorted(brands));
    const attrCounts = Object.entries(page.facets.attributes).flatMap(([n, vs]) => vs.map((v) => [`${n}=${v.value}`, v.count]));
    expect(sorted(Object.fromEntries(attrCounts))).toEqual(sorted(attrs));
    expect(sorted(Object.fromEntries(page.facets.prices.map((p) => [String(p.from), p.count])))).toEqual(sorted(prices));
    const inStock = hits.filter((s) => stocked.has(s.id)).length;
    expect(page.facets.availability).toEqual({ inStock, outOfStock: hits.length - inStock });
  });

  it('inStock=true keeps exactly the products with available units', async () => {
    if (!ready) return;
    const page = await search(index, queryOf({ inStock: true, pageSize: 100, sort: 'newest' }));
    const expected = specs.filter((s) => s.status === 'active' && stocked.has(s.id));
    expect(page.total).toBe(expected.length);
  });
});
