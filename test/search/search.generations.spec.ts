import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import { PgSearchIndex } from '../../services/search/search.index.pg';
import { searchSchema } from '../../services/search/search.schema';
import { search } from '../../services/search/search.searcher';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';
import { docOf, queryOf } from './search.fixtures';

/** Generations behind views: a switch is atomic for readers, and a node starting on an older layout adds its columns. */
describe.each([pgliteHarness(), postgresServerHarness()])('search index generations ($label)', (harness) => {
  let ready = false;
  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
  });
  afterAll(() => harness.teardown());

  it('writes to a named generation stay out of queries until it is switched to; the old one remains', async () => {
    if (!ready) return;
    const index = new PgSearchIndex(sqlRunnerOf(await harness.createStore('search', searchSchema)));
    await index.ensure();
    const old = (await index.live())!.gen;
    await index.upsert(docOf({ id: 'a', name: 'Amber Lamp' }));
    await index.createGeneration('gnext');
    await index.upsert(docOf({ id: 'b', name: 'Blue Lamp' }), { gen: 'gnext' });
    expect((await search(index, queryOf({ q: 'lamp' }))).rows.map((r) => r.id)).toEqual(['a']);
    await index.switchTo('gnext');
    expect((await search(index, queryOf({ q: 'lamp' }))).rows.map((r) => r.id)).toEqual(['b']);
    expect(await index.generations()).toEqual([old, 'gnext'].sort());
    await expect(index.dropGeneration('gnext')).rejects.toThrow(/live/);
    await index.dropGeneration(old);
    expect(await index.generations()).toEqual(['gnext']);
  });

  it('a live generation of an older layout gets the new columns and views at start, keeping its schema number', async () => {
    if (!ready) return;
    const sql = sqlRunnerOf(await harness.createStore('search', searchSchema));
    const index = new PgSearchIndex(sql);
    await index.ensure();
    const { gen } = (await index.live())!;
    await sql.query('DROP VIEW search_docs');
    await sql.query(`ALTER TABLE search_docs_${gen} DROP COLUMN name_key`);
    await sql.query(`CREATE VIEW search_docs AS SELECT * FROM search_docs_${gen}`);
    await sql.query(`UPDATE search_meta SET value = jsonb_set(value, '{schema}', '1') WHERE key = 'live'`);
    await new PgSearchIndex(sql).ensure();
    expect(await index.live()).toEqual({ gen, schema: 1 });
    await index.upsert(docOf({ id: 'z', name: 'Zinc Kettle' }));
    await index.upsert(docOf({ id: 'y', name: 'Yellow Kettle' }));
    expect((await search(index, queryOf({ q: 'kettle', sort: 'name' }))).rows.map((r) => r.id)).toEqual(['y', 'z']);
  });
});
