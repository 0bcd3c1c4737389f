import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import { RebuildJobs } from '../../services/search/search.rebuild.jobs';
import { searchSchema } from '../../services/search/search.schema';
import { requireOrSkip } from '../support/engine-harness';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';

/** The rebuild job table's guards: one running job, one holder at a time, a lapsed lease taken over once. */
describe.each([pgliteHarness(), postgresServerHarness()])('search rebuild jobs ($label)', (harness) => {
  let jobs: RebuildJobs;
  let ready = false;

  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
    if (!ready) return;
    jobs = new RebuildJobs(sqlRunnerOf(await harness.createStore('search', searchSchema)));
    await jobs.ensure();
  });
  afterAll(() => harness.teardown());

  it('of 10 owners claiming a job whose lease lapsed, exactly one holds it; the others wait for its lease', async () => {
    if (!ready) return;
    const { job } = await jobs.start({ id: 'j1', gen: 'gj1', reason: 'test' }, 1_000);
    const now = 10_000;
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => jobs.claim(`node-${i}`, now, 5_000)));
    const holders = claims.filter((c) => c !== null);
    expect(holders).toHaveLength(1);
    expect(holders[0]!.id).toBe(job.id);
    // The holder renews; nobody else gets it before the lease ends, anyone after.
    const owner = `node-${claims.findIndex((c) => c !== null)}`;
    expect(await jobs.progress({ ...job, phase: 'products', cursor: 'p-10' }, owner, now + 5_000)).toBe(true);
    expect(await jobs.claim('late-node', now + 4_999, 5_000)).toBeNull();
    const taken = await jobs.claim('late-node', now + 5_001, 5_000);
    expect(taken).toMatchObject({ id: 'j1', phase: 'products', cursor: 'p-10' });
    // The old holder lost it: its next save tells it to stop.
    expect(await jobs.progress({ ...job, phase: 'products', cursor: 'p-20' }, owner, now + 10_000)).toBe(false);
    await jobs.finish('j1', 'late-node', 'done', now + 6_000);
    expect(await jobs.running()).toBeNull();
  });
});
