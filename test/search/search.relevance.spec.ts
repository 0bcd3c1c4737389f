import type { SearchQuery } from '../../services/search/search.contract';
import type { PgSearchIndex } from '../../services/search/search.index.pg';
import { search } from '../../services/search/search.searcher';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';
import { CATALOG, docOf, freshIndex, queryOf } from './search.fixtures';

/**
 * The relevance table: each row a query over the fixture catalog and what it must answer, on the
 * PostgreSQL server and on PGlite (same SQL).
 */
interface Row {
  name: string;
  query: Partial<SearchQuery>;
  /** The ids expected first, in order (the rest may follow in any order). */
  first?: string[];
  /** Ids that must be among the rows. */
  includes?: string[];
  /** Ids that must not be among the rows. */
  excludes?: string[];
  correctedQuery?: string | null;
}

const TABLE: Row[] = [
  // Typo tolerance: `phnoe` matches no indexed word, its nearest dictionary word within one edit is `phone`.
  { name: 'typo: phnoe finds the phone', query: { q: 'phnoe' }, includes: ['phone'], correctedQuery: 'phone' },
  { name: 'typo: kettel finds the kettle', query: { q: 'kettel' }, includes: ['kettle'], correctedQuery: 'kettle' },
  // Stemming ('english'): `phones` and `phone` share the stem, so no correction is needed.
  { name: 'plural: phones finds the phone', query: { q: 'phones' }, includes: ['phone'], correctedQuery: null },
  // The last word is a prefix: `phon` finds `phone` (typing in progress).
  { name: 'prefix: phon finds the phone', query: { q: 'phon' }, includes: ['phone'], correctedQuery: null },
  // A SKU typed exactly puts its product first, above a product whose name and description repeat it.
  { name: 'SKU exact match first', query: { q: 'KTL-200' }, first: ['kettle'], includes: ['descaler'] },
  // Name (weight A) outranks description (D): the lamp named so before the bulb that mentions a lamp.
  { name: 'name outranks description', query: { q: 'lamp' }, first: ['lamp', 'bulb'] },
  // A category filter includes every descendant category.
  {
    name: 'category includes descendants',
    query: { category: 'electronics' },
    includes: ['phone', 'case', 'lamp'],
    excludes: ['kettle', 'shirt'],
  },
  { name: 'category by its slug', query: { category: 'kitchen' }, includes: ['kettle', 'descaler'], excludes: ['phone'] },
  // Only active products: the draft phone never shows.
  { name: 'drafts are not public', query: { q: 'prototype' }, excludes: ['draft'] },
  // Nor are their words: a correction to a draft's word would name an unpublished product.
  { name: "typo: a draft's words are never suggested", query: { q: 'protoype' }, excludes: ['draft'], correctedQuery: null },
  // Accents are ignored on both sides.
  { name: 'unaccented: kéttle', query: { q: 'kéttle' }, includes: ['kettle'] },
];

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe.each([pgliteHarness(), postgresServerHarness()])('search relevance ($label)', (harness) => {
  let index: PgSearchIndex;
  let ready = false;

  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
    if (!ready) return;
    index = await freshIndex(harness);
    for (const spec of CATALOG) await index.upsert(docOf(spec));
  });
  afterAll(() => harness.teardown());

  it.each(TABLE)('$name', async (row) => {
    if (!ready) return;
    const page = await search(index, queryOf(row.query));
    const found = ids(page.rows);
    if (row.first) expect(found.slice(0, row.first.length)).toEqual(row.first);
    for (const id of row.includes ?? []) expect(found).toContain(id);
    for (const id of row.excludes ?? []) expect(found).not.toContain(id);
    if (row.correctedQuery !== undefined) expect(page.correctedQuery).toBe(row.correctedQuery);
    expect(page.total).toBe(found.length);
  });

  it('synonyms: tee finds the t-shirt once an admin says tee = t-shirt', async () => {
    if (!ready) return;
    expect(ids((await search(index, queryOf({ q: 'tee' }))).rows)).not.toContain('shirt');
    await index.setSynonyms({ tee: ['t-shirt'] });
    expect(ids((await search(index, queryOf({ q: 'tee' }))).rows)).toContain('shirt');
    // Both ways: the pair is symmetric.
    expect(await index.synonymsOf(['t-shirt'])).toEqual({ 't-shirt': ['tee'] });
    await index.setSynonyms({});
    expect(ids((await search(index, queryOf({ q: 'tee' }))).rows)).not.toContain('shirt');
  });
});
