import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import { SEARCH_SESSION } from '../../services/search/search.index.ddl';
import { searchSchema } from '../../services/search/search.schema';
import { requireOrSkip } from '../support/engine-harness';
import { postgresServerHarness } from '../support/harness.postgres';

/** The search store's connections run without JIT and parallel workers (search.index.ddl.ts says why), in and out of transactions. */
describe('search session settings (PostgreSQL server)', () => {
  const harness = postgresServerHarness();
  let ready = false;
  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
  });
  afterAll(() => harness.teardown());

  it('every pooled connection takes them before its first statement', async () => {
    if (!ready) return;
    const store = await harness.createStore('search', searchSchema);
    const sql = sqlRunnerOf(store, SEARCH_SESSION);
    const show = `SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers, current_setting('work_mem') AS mem`;
    // Side by side, so several connections of the pool are used.
    const seen = await Promise.all(Array.from({ length: 6 }, () => sql.query(show)));
    for (const { rows } of seen) expect(rows[0]).toEqual({ jit: 'off', workers: '0', mem: '32MB' });
    expect((await sql.transaction((tx) => tx.query(show))).rows[0]).toEqual({ jit: 'off', workers: '0', mem: '32MB' });
  });
});
