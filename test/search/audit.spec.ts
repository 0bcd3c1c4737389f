import type { ServiceBroker } from 'moleculer';
import { sqlRunnerOf, type SqlRunner } from '../../mixins/store/postgres/postgres.store';
import type { Store } from '../../mixins/store/store.types';
import type { AuditReport } from '../../ops/audit/audit.types';
import type { RepairReport } from '../../services/search/search.repair';
import { auditorOf } from '../checkout/checkout.world';
import { client, type Call } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { seedWidgets, until, type SearchAnswer } from './rebuild.fixtures';

const PRODUCTS = 12;

/** The auditor's search check names injected drift, and the repair fixes exactly it (PostgreSQL server). */
describe('search reconciliation and repair', () => {
  let platform: Platform;
  let call: Call;
  let cast: Cast;
  let sql: SqlRunner;
  let inventory: Store;
  let ids: string[];
  let audit: () => Promise<AuditReport>;

  const storeOf = (service: string, name: string) =>
    (platform.broker.getLocalService(service) as unknown as { store(n: string): Store }).store(name);
  const searchDrift = async () =>
    (await audit()).violations.filter((v) => v.invariant === 'search-matches-sources').map((v) => `${v.subject}: ${v.detail}`);
  const ask = async (path: string) => (await call<SearchAnswer>('GET', path)).body;

  beforeAll(async () => {
    platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'search'], { ADMIN_PASSWORD });
    call = client(platform.api);
    cast = await castOf(platform.api);
    sql = sqlRunnerOf(storeOf('search', 'search'));
    inventory = storeOf('inventory', 'inventory');
    audit = await auditorOf();
    ids = await seedWidgets(call, platform.broker as ServiceBroker, cast.admin.token, PRODUCTS, 'a');
    await until(
      () => ask('/search?q=widget&inStock=true&pageSize=100'),
      (a) => a.total === PRODUCTS / 2,
      'seeded stock in the index',
    );
  }, 120_000);
  afterAll(() => platform?.stop());

  it('finds no drift in an index fed by the events', async () => {
    expect(await until(searchDrift, (d) => d.length === 0, 'a clean audit')).toEqual([]);
  });

  it("finds no drift after a stock record's settings change (its version moves, its availability does not)", async () => {
    const res = await call('PUT', '/inventory/A-0000/warehouses/main/settings', { reorderPoint: 1 }, { token: cast.admin.token });
    expect(res.status).toBe(200);
    expect(await until(searchDrift, (d) => d.length === 0, 'a clean audit after the settings change')).toEqual([]);
  });

  it('names a deleted document, a corrupted version, stock changed on either side and a stray document; repair fixes exactly those', async () => {
    const skuOf = (i: number) => `A-${String(i).padStart(4, '0')}`;
    await sql.query(`DELETE FROM search_docs WHERE id = $1`, [ids[0]]);
    await sql.query(`UPDATE search_docs SET product_version = 99 WHERE id = $1`, [ids[1]]);
    await sql.query(`UPDATE search_stock SET available = 0 WHERE sku = $1`, [skuOf(2)]);
    // Inventory changed behind the events' back (no outbox row): the index cannot know.
    await inventory.collection('stock').update(`${skuOf(4)}#main`, { $inc: { onHand: 4 } });
    await sql.query(`INSERT INTO search_docs (id, status, doc, product_version) VALUES ('ghost', 'archived', '{}'::jsonb, 1)`);

    const drift = await searchDrift();
    expect(drift).toEqual(
      expect.arrayContaining([
        `search/counts: catalog active ${PRODUCTS}; index active ${PRODUCTS - 1}, archived 1`,
        expect.stringMatching(/^search\/checksums: 1 of 1 blocks of 1,000 ids differ/),
        `search/missing/${ids[0]}: catalog v1 active, not in the index`,
        `search/stale-version/${ids[1]}: indexed v99, catalog v1`,
        `search/stock/${ids[2]}/${skuOf(2)}@main: indexed v1 available 0, inventory v1 available 5`,
        `search/stock/${ids[4]}/${skuOf(4)}@main: indexed v1 available 5, inventory v2 available 9`,
        'search/extra/ghost: indexed v1 archived, not in the catalog',
      ]),
    );
    expect(drift).toHaveLength(7);

    const repaired = await call<RepairReport>('POST', '/admin/search/repair', {}, { token: cast.admin.token });
    expect(repaired.status).toBe(200);
    expect(repaired.body.repaired).toEqual({ products: 3, stock: 2 });
    expect(await searchDrift()).toEqual([]);
    const widgets = await ask('/search?q=widget&pageSize=100');
    expect(widgets.total).toBe(PRODUCTS);
    expect(widgets.rows.map((r) => r.id)).toContain(ids[0]);
    expect((await ask('/search?q=widget&inStock=true&pageSize=100')).total).toBe(PRODUCTS / 2);

    // Nothing left to repair: a second run finds and changes nothing.
    const again = await call<RepairReport>('POST', '/admin/search/repair', {}, { token: cast.admin.token });
    expect(again.body).toEqual({ drift: [], repaired: { products: 0, stock: 0 } });
  });
});
