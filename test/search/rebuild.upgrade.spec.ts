import type { ServiceBroker } from 'moleculer';
import { OUTBOX } from '../../mixins/messaging/outbox';
import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import type { Store } from '../../mixins/store/store.types';
import { client, type Call } from '../support/http';
import { ADMIN_PASSWORD, castOf } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { seedWidgets, until, type SearchAnswer } from './rebuild.fixtures';

const PRODUCTS = 12;
const storeOf = (broker: ServiceBroker, service: string, name: string) =>
  (broker.getLocalService(service) as unknown as { store(n: string): Store }).store(name);

/** Every event the services wrote is on the bus (their outboxes hold nothing pending). */
async function relayed(broker: ServiceBroker): Promise<number> {
  const open = { status: { $in: ['pending', 'sending'] } };
  const counts = await Promise.all(
    [storeOf(broker, 'products', 'catalog'), storeOf(broker, 'inventory', 'inventory')].map((s) =>
      s.collection(OUTBOX.name).count({ filter: open }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Forgets the run's events, as a bus does past its retention: what a catalog older than the search service looks like. */
async function purgeEvents(): Promise<void> {
  const { connect } = await import('nats');
  const nc = await connect({ servers: process.env.TRANSPORTER });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list())
      if (s.config.name.startsWith(`${process.env.NAMESPACE}_`)) await jsm.streams.purge(s.config.name);
  } finally {
    await nc.close();
  }
}

/** Saleor #10938 / #14330: search added to a deployment that already has a catalog finds it without an admin call. */
describe('search joining an existing catalog', () => {
  let platform: Platform;
  let call: Call;

  beforeAll(async () => {
    platform = await startPlatform(['api', 'auth', 'products', 'inventory'], { ADMIN_PASSWORD, SEARCH_REBUILD_PAGE: '5' });
    call = client(platform.api);
  }, 120_000);
  afterAll(() => platform?.stop());

  it('two search nodes started beside a catalog rebuild the empty index once, and every product becomes searchable', async () => {
    const cast = await castOf(platform.api);
    const ids = await seedWidgets(call, platform.broker, cast.admin.token, PRODUCTS, 'up');
    await until(() => relayed(platform.broker), (n) => n === 0, 'the outboxes to drain');
    await purgeEvents();

    const [a] = await Promise.all([platform.addNode(['search'], 'search-a'), platform.addNode(['search'], 'search-b')]);
    const found = await until(
      async () => (await call<SearchAnswer>('GET', '/search?q=widget&pageSize=100')).body,
      (body) => body?.total === PRODUCTS,
      'the existing catalog to be searchable',
      60_000,
    );
    expect(found.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const sql = sqlRunnerOf(storeOf(a, 'search', 'search'));
    const jobs = await until(
      async () => (await sql.query(`SELECT reason, state FROM search_rebuilds`)).rows,
      (rows) => rows.every((r) => r.state !== 'running'),
      'the rebuild to finish',
    );
    expect(jobs).toEqual([{ reason: 'empty index', state: 'done' }]);
  }, 180_000);
});
