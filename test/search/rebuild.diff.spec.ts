import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import { tablesOf } from '../../services/search/search.index.ddl';
import { PgSearchIndex } from '../../services/search/search.index.pg';
import { LIVE, newerIn } from '../../services/search/search.rebuild.diff';
import { searchSchema } from '../../services/search/search.schema';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness } from '../support/harness.postgres';
import { docOf } from './search.fixtures';

/** What a rebuild's catch-up re-reads into the new generation: what the live one took meanwhile (PGlite). */
describe('search rebuild catch-up diff', () => {
  const harness = pgliteHarness();
  let ready = false;
  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
  });
  afterAll(() => harness.teardown());

  it('names a product whose category moved at the same version (a category event refreshes, never bumps the version)', async () => {
    if (!ready) return;
    const sql = sqlRunnerOf(await harness.createStore('search', searchSchema));
    const index = new PgSearchIndex(sql);
    await index.ensure();
    const lamp = { id: 'lamp', name: 'Amber Lamp' };
    const kettle = { id: 'kettle', name: 'Steel Kettle', category: 'kitchen' as const };
    await index.upsert(docOf({ ...lamp, category: 'phones' }));
    await index.upsert(docOf(kettle));
    await index.createGeneration('gnext');
    // The new generation was filled from an export read before the move; the live one took the move's refresh.
    await index.upsert(docOf({ ...lamp, category: 'phones' }), { gen: 'gnext' });
    await index.upsert(docOf(kettle), { gen: 'gnext' });
    await index.upsert(docOf({ ...lamp, category: 'clothing' }), { refresh: true });
    expect((await newerIn(sql, LIVE, tablesOf('gnext'))).ids).toEqual(['lamp']);
  });
});
