import type { ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { sqlRunnerOf, type SqlRunner } from '../../mixins/store/postgres/postgres.store';
import type { Store } from '../../mixins/store/store.types';
import { SCHEMA_VERSION } from '../../services/search/search.index';
import type { RebuildJob } from '../../services/search/search.rebuild.domain';
import { client, type Call } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { runScript, type RunningProcess } from '../support/processes';
import { seedWidgets, shapeOf, until, type SearchAnswer } from './rebuild.fixtures';

const PRODUCTS = 120;
const QUERY = '/search?q=widget&pageSize=100&sort=price';

/**
 * A search node SIGKILLed in the middle of a rebuild: the old generation keeps serving (answers
 * unchanged), and once the dead node's lease lapses the rebuild is taken over at its saved cursor
 * in the same generation and completes; the node comes back and serves the new generation.
 */
describe('search node killed mid-rebuild', () => {
  let platform: Platform;
  let call: Call;
  let cast: Cast;
  let sql: SqlRunner;
  let child: RunningProcess | undefined;
  const childId = `search-child-${process.pid}`;

  const spawnSearch = async () => {
    child = runScript('scripts/node.ts', { SERVICES: 'search', NODE_ID: childId, LOG_LEVEL: 'warn' });
    await until(
      async () =>
        platform.broker.registry.getServiceList({ withActions: false }).some((s) => s.name === 'search' && s.nodeID === childId),
      (up) => up,
      'the search child node',
      60_000,
    );
  };
  const job = async (id: string) =>
    (await sql.query(`SELECT state, phase, cursor, gen, owner, products FROM search_rebuilds WHERE id = $1`, [id])).rows[0];
  const ask = async () => shapeOf((await call<SearchAnswer>('GET', QUERY)).body);

  beforeAll(async () => {
    // Small pages and a short lease: the build spans many pages, and a dead holder is noticed in 1.5 s.
    platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'search'], {
      ADMIN_PASSWORD,
      SEARCH_REBUILD_PAGE: '4',
      SEARCH_REBUILD_LEASE_MS: '1500',
    });
    call = client(platform.api);
    cast = await castOf(platform.api);
    sql = sqlRunnerOf((platform.broker.getLocalService('search') as unknown as { store(n: string): Store }).store('search'));
    await spawnSearch();
    await seedWidgets(call, platform.broker as ServiceBroker, cast.admin.token, PRODUCTS, 'k');
    await until(ask, (a) => a.total === PRODUCTS, 'the seeded catalog to be searchable', 60_000);
  }, 180_000);
  afterAll(async () => {
    await child?.stop();
    await platform?.stop();
  });

  it('the old index serves while the job is orphaned; the rebuild resumes at its cursor and completes', async () => {
    const before = await ask();
    const oldGen = ((await sql.query(`SELECT value FROM search_meta WHERE key = 'live'`)).rows[0].value as { gen: string }).gen;
    // The rebuild runs on the child: the call goes to that node.
    const started = await platform.broker.call<{ job: RebuildJob }, object>(
      'search.reindex',
      {},
      {
        nodeID: childId,
        meta: { user: SYSTEM_PRINCIPAL },
      },
    );
    const { id, gen } = started.job;

    // Paused and looked at until a third of the products are in, then killed there.
    const proc = child!.child;
    let seen: Record<string, unknown> | undefined;
    for (let i = 0; i < 4_000; i++) {
      proc.kill('SIGSTOP');
      seen = await job(id);
      if (seen.phase === 'products' && Number(seen.products) >= PRODUCTS / 3) break;
      proc.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 2));
    }
    proc.kill('SIGKILL');
    expect(seen).toMatchObject({ state: 'running', phase: 'products', gen });
    expect(Number(seen!.products)).toBeLessThan(PRODUCTS);
    const deadOwner = seen!.owner;

    // Dead holder: the old generation keeps answering, unchanged.
    expect(await ask()).toEqual(before);
    const live = (await sql.query(`SELECT value FROM search_meta WHERE key = 'live'`)).rows[0].value as { gen: string };
    expect(live.gen).toBe(oldGen);

    // The node comes back; the lapsed lease is taken over (by it or by the surviving search node) and the job completes.
    await spawnSearch();
    const done = await until(
      () => job(id),
      (j) => j.state !== 'running',
      'the rebuild to complete after the restart',
      60_000,
    );
    expect(done).toMatchObject({ state: 'done', phase: 'switched', gen });
    expect(done.owner).not.toBe(deadOwner);
    // Resumed at the cursor, not started over: at most the page in hand when killed is read twice.
    expect(Number(done.products)).toBeGreaterThanOrEqual(PRODUCTS);
    expect(Number(done.products)).toBeLessThanOrEqual(PRODUCTS + 4);
    const after = (await sql.query(`SELECT value FROM search_meta WHERE key = 'live'`)).rows[0].value as { gen: string };
    expect(after.gen).toBe(gen);
    const tables = (await sql.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'search_docs_%'`)).rows.map(
      (r) => r.tablename,
    );
    expect(tables).toEqual([`search_docs_${gen}`]);
    expect(await ask()).toEqual(before);
  }, 180_000);

  it('a node starting against a live generation of another schema version rebuilds it', async () => {
    await child!.stop();
    const before = await ask();
    await sql.query(`UPDATE search_meta SET value = jsonb_set(value, '{schema}', '0'::jsonb) WHERE key = 'live'`);
    await spawnSearch();
    const rebuilt = await until(
      async () => (await sql.query(`SELECT id, state, reason FROM search_rebuilds WHERE reason LIKE 'schema%'`)).rows,
      (rows) => rows.some((r) => r.state === 'done'),
      'the schema rebuild to finish',
      60_000,
    );
    expect(rebuilt).toEqual([expect.objectContaining({ state: 'done', reason: `schema 0 → ${SCHEMA_VERSION}` })]);
    const live = (await sql.query(`SELECT value FROM search_meta WHERE key = 'live'`)).rows[0].value as { schema: number };
    expect(live.schema).toBe(SCHEMA_VERSION);
    expect(await ask()).toEqual(before);
  }, 120_000);
});
