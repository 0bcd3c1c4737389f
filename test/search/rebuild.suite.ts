import type { ServiceBroker } from 'moleculer';
import { sqlRunnerOf, type SqlRunner } from '../../mixins/store/postgres/postgres.store';
import type { Store } from '../../mixins/store/store.types';
import type { RebuildJob } from '../../services/search/search.rebuild.domain';
import { client, type Call } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { receive, seedWidgets, shapeOf, until, type SearchAnswer } from './rebuild.fixtures';

const QUERIES = [
  '/search?q=widget&pageSize=100&sort=price',
  '/search?q=sturdy&inStock=true&pageSize=100',
  '/search?brand=Acme&pageSize=100&sort=price',
];
const PRODUCTS = 60;

/**
 * Blue/green rebuilds on a running platform: search answers throughout, and the same after the
 * switch. One engine per Jest file (a platform reads its config once per module registry).
 */
export function rebuildSuite(engine: string, env: Record<string, string>): void {
  describe(`search rebuild while serving (${engine})`, () => {
    let platform: Platform;
    let call: Call;
    let cast: Cast;
    let sql: SqlRunner;
    let ids: string[];

    beforeAll(async () => {
      // Small pages: the build takes many of them, so queries and writes land while it runs.
      platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'search'], {
        ADMIN_PASSWORD,
        SEARCH_REBUILD_PAGE: '5',
        ...env,
      });
      call = client(platform.api);
      cast = await castOf(platform.api);
      const search = platform.broker.getLocalService('search') as unknown as { store(n: string): Store };
      sql = sqlRunnerOf(search.store('search'));
      ids = await seedWidgets(call, platform.broker as ServiceBroker, cast.admin.token, PRODUCTS);
      await until(
        () => ask(QUERIES[0]),
        (a) => a.total === PRODUCTS,
        'the seeded catalog to be searchable',
      );
    }, 120_000);
    afterAll(() => platform?.stop());

    const ask = async (path: string) => {
      const res = await call<SearchAnswer>('GET', path);
      expect(res.status).toBe(200);
      return res.body;
    };
    const live = async () =>
      (await sql.query(`SELECT value FROM search_meta WHERE key = 'live'`)).rows[0].value as { gen: string };
    const tables = async () =>
      (await sql.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'search_docs_%' ORDER BY 1`)).rows.map(
        (r) => r.tablename,
      );
    const job = async (id: string) =>
      (await call<RebuildJob>('GET', `/admin/search/reindex/${id}`, undefined, { token: cast.admin.token })).body;

    it('answers every query during the build, takes the writes made meanwhile, and answers the same after the switch', async () => {
      const before = await Promise.all(QUERIES.map(async (q) => shapeOf(await ask(q))));
      const oldGen = (await live()).gen;
      const started = await call<{ job: RebuildJob; started: boolean }>(
        'POST',
        '/admin/search/reindex',
        {},
        { token: cast.admin.token },
      );
      expect(started.status).toBe(202);
      expect(started.body.started).toBe(true);
      const { id, gen } = started.body.job;

      // While it builds: queries keep answering from the old generation; a product and a stock record change.
      let answered = 0;
      let changed = false;
      for (let status = await job(id); status.state === 'running'; status = await job(id)) {
        // The receipt below may change the second query's total; the others stay put.
        expect(shapeOf(await ask(QUERIES[0])).total).toBe(before[0].total);
        expect(shapeOf(await ask(QUERIES[2]))).toEqual(before[2]);
        expect((await call('GET', '/search?q=widgte')).status).toBe(200);
        answered++;
        if (!changed && status.phase === 'products') {
          changed = true;
          const res = await call('PATCH', `/products/${ids[3]}`, { name: 'Widget renamed gizmo' }, { token: cast.admin.token });
          expect(res.status).toBe(200);
          await receive(platform.broker, 'W-0001', 'main', 4, 'during-rebuild');
        }
      }
      const done = await job(id);
      expect(done).toMatchObject({ state: 'done', phase: 'switched', oldGen, products: expect.any(Number) });
      expect(done.products).toBeGreaterThanOrEqual(PRODUCTS);
      expect(answered).toBeGreaterThan(0);
      expect(changed).toBe(true);
      expect((await live()).gen).toBe(gen);
      expect(await tables()).toEqual([`search_docs_${gen}`]);

      // The same answers as before, plus exactly the two changes made during the build.
      const gizmo = await until(
        () => ask('/search?q=gizmo'),
        (a) => a.total === 1,
        'the rename made during the build',
      );
      expect(gizmo.rows[0].id).toBe(ids[3]);
      const sturdy = await until(
        () => ask(QUERIES[1]),
        (a) => a.total === before[1].total + 1,
        'the receipt made during the build',
      );
      expect(sturdy.rows.map((r) => r.id)).toContain(ids[1]);
      expect(shapeOf(await ask(QUERIES[2]))).toEqual(before[2]);
      expect(shapeOf(await ask(QUERIES[0])).ids).toEqual(before[0].ids);
    }, 120_000);

    it('of 10 concurrent reindex requests one starts a rebuild; the others answer that one', async () => {
      const running = async () =>
        (await sql.query(`SELECT id FROM search_rebuilds WHERE state = 'running'`).catch(() => ({ rows: [] }))).rows;
      await until(running, (r) => r.length === 0, 'no rebuild running');
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          call<{ job: RebuildJob; started: boolean }>('POST', '/admin/search/reindex', {}, { token: cast.admin.token }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
      expect(answers.filter((a) => a.body.started)).toHaveLength(1);
      expect(new Set(answers.map((a) => a.body.job.id)).size).toBe(1);
      const id = answers[0].body.job.id;
      await until(
        () => job(id),
        (j) => j.state === 'done',
        'the rebuild to finish',
        60_000,
      );
      expect(shapeOf(await ask(QUERIES[2])).total).toBe(PRODUCTS / 3);
    }, 120_000);

    it('the REPL command reindex starts a rebuild and shows it by id', async () => {
      const running = async () => (await sql.query(`SELECT id FROM search_rebuilds WHERE state = 'running'`)).rows;
      await until(running, (r) => r.length === 0, 'no rebuild running');
      const { searchReplCommands } = await import('../../services/search/search.repl');
      const printed = async (args: Record<string, unknown>) => {
        const out: string[] = [];
        const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
        try {
          await (searchReplCommands[0].action as (b: unknown, a: unknown) => Promise<void>)(platform.broker, args);
        } finally {
          spy.mockRestore();
        }
        return out.join('');
      };
      const started = await printed({});
      const id = /^started: rebuild (\S+) running \(stock\) into g/.exec(started)?.[1];
      expect(id).toBeDefined();
      await until(
        () => job(id!),
        (j) => j.state === 'done',
        'the REPL rebuild to finish',
        60_000,
      );
      expect(await printed({ id })).toMatch(
        new RegExp(`^rebuild ${id} done \\(switched\\) into g\\w+: \\d+ stock records, ${PRODUCTS} products`),
      );
      expect(await printed({ id: 'no-such-job' })).toContain('404');
    }, 120_000);

    it('refuses the admin routes to customers, and answers 404 for an unknown job', async () => {
      expect((await call('POST', '/admin/search/reindex', {}, { token: cast.customerA.token })).status).toBe(403);
      expect((await call('GET', '/admin/search/reindex/no-such-job', undefined, { token: cast.admin.token })).status).toBe(404);
    });
  });
}
