import { randomUUID } from 'node:crypto';
import type { SearchDocument, SearchPage } from '../../services/search/search.contract';
import { eventually } from '../support/eventually';
import { client, type Call } from '../support/http';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { onEngine, type ServiceEngine } from '../support/service-engines';

/** A product write reaches search within this (the freshness bound); polled, never timed. */
const FRESH_MS = 1_000;
/** Creation may wait on a cold node (first subscription, first statement): a looser deadline for setup. */
const SETTLE_MS = 10_000;

/**
 * The index never drifting from the catalog, end to end on a real cluster node: writes through the
 * admin routes, events through the outbox and JetStream, answers through `GET /api/search`.
 */
export function searchDriftSuite(engine: ServiceEngine) {
  describe(`search stays in step with the catalog (${engine.label})`, () => {
    let platform: Platform;
    let call: Call;
    let admin: { token: string };
    let expectedEngine = '';

    const { it_ } = onEngine(engine, async (env) => {
      expectedEngine = env.STORE_SEARCH;
      platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'search'], { ADMIN_PASSWORD, ...env });
      call = client(platform.api);
      const login = await call<{ accessToken: string }>('POST', '/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      admin = { token: login.body.accessToken };
      return { platform };
    });

    const find = async (query: string) => {
      const res = await call<SearchPage>('GET', `/search?${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const ids = async (query: string) => (await find(query)).rows.map((r) => r.id);
    const create = async (name: string, sku: string, amount = 2_000, categoryId?: string) => {
      const body = {
        slug: `p-${randomUUID().slice(0, 8)}`,
        name,
        brand: 'Drift',
        status: 'active',
        ...(categoryId ? { categoryId } : {}),
        variants: [{ sku, price: { amount, currency: 'EUR' } }],
      };
      const res = await call<{ id: string }>('POST', '/products', body, admin);
      expect(res.status).toBe(201);
      return res.body.id;
    };
    /** Units into `main` (a receipt), or out of it (an adjustment). */
    const stock = async (sku: string, delta: number) => {
      const res =
        delta > 0
          ? await call(
              'POST',
              '/inventory/receipts',
              { sku, warehouse: 'main', quantity: delta, ref: `po-${randomUUID()}` },
              admin,
            )
          : await call(
              'POST',
              '/inventory/adjustments',
              { sku, warehouse: 'main', delta, reason: 'adjustment', note: 'drift' },
              admin,
            );
      expect(res.status).toBe(201);
    };

    it_('keeps the index on the engine configured', async () => {
      const [stats] = await platform.broker.call<{ engine: string }[]>('search.storesStats');
      expect(stats.engine).toBe(expectedEngine);
    });

    it_('the requests of the issue: a typo finds the phone; an in-stock kettle sorted by price', async () => {
      const phone = await create('Aurora Phone', 'DRF-PHONE');
      const kettle = await create('Steel Kettle', 'DRF-KETTLE', 3_900);
      await stock('DRF-KETTLE', 5);
      await eventually(async () => (await ids('q=kettle&inStock=true&sort=price')).includes(kettle), SETTLE_MS);
      const typo = await find('q=phnoe');
      expect(typo.rows.map((r) => r.id)).toContain(phone);
      expect(typo.correctedQuery).toBe('phone');
      expect(typo.facets).toMatchObject({ brands: [{ value: 'Drift', count: 1 }], availability: { inStock: 0, outOfStock: 1 } });
    });

    it_('a product archived is gone from results within a second', async () => {
      const id = await create('Vanishing Teapot', 'DRF-TEAPOT');
      await eventually(async () => (await ids('q=teapot')).includes(id), SETTLE_MS);
      expect((await call('DELETE', `/products/${id}`, undefined, admin)).status).toBe(204);
      await eventually(async () => !(await ids('q=teapot')).includes(id), FRESH_MS);
    });

    it_('stock down to zero: inStock=true excludes it, and an old stock event replayed does not bring it back', async () => {
      const id = await create('Last Lantern', 'DRF-LANTERN');
      await stock('DRF-LANTERN', 2);
      await eventually(async () => (await ids('q=lantern&inStock=true')).includes(id), SETTLE_MS);
      await stock('DRF-LANTERN', -2);
      await eventually(async () => !(await ids('q=lantern&inStock=true')).includes(id), FRESH_MS);
      // The record's first event again (version 1, two units), under a new envelope id so the bus takes it.
      const envelope = (warehouse: string, available: number, version: number) => ({
        id: randomUUID(),
        event: 'inventory.stock-changed',
        occurredAt: Date.now(),
        source: 'inventory',
        v: 1,
        data: { sku: 'DRF-LANTERN', warehouse, onHand: available, reserved: 0, available, version },
      });
      await platform.broker.emit('inventory.stock-changed', envelope('main', 2, 1));
      // Then a record of another warehouse on the same SKU: one lane per SKU, in order, so once this
      // one shows, the replay before it has been handled.
      await new Promise((r) => setTimeout(r, 200));
      await platform.broker.emit('inventory.stock-changed', envelope('drift-marker', 0, 1));
      const doc = await eventually(async () => {
        const d = await platform.broker.call<SearchDocument | null, { id: string }>('search.document', { id });
        return d?.versions['sku:DRF-LANTERN@drift-marker'] === 1 ? d : null;
      }, SETTLE_MS);
      expect(doc).toMatchObject({ inStock: false, stock: { bySku: { 'DRF-LANTERN': 0 } } });
      expect(doc.versions['sku:DRF-LANTERN@main']).toBeGreaterThan(1);
      expect(await ids('q=lantern&inStock=true')).not.toContain(id);
    });

    it_('a category renamed: its products are found by the new name, and under a parent by the parent', async () => {
      const category = async (slug: string, name: string, parentId?: string) => {
        const res = await call<{ id: string }>('POST', '/categories', { slug, name, ...(parentId ? { parentId } : {}) }, admin);
        expect(res.status).toBe(201);
        return res.body.id;
      };
      const parent = await category(`outdoor-${randomUUID().slice(0, 6)}`, 'Outdoor');
      const child = await category(`tents-${randomUUID().slice(0, 6)}`, 'Tents', parent);
      const id = await create('Ridge Shelter', 'DRF-SHELTER', 9_900, child);
      await eventually(async () => (await ids(`category=${parent}`)).includes(id), SETTLE_MS);
      expect((await call('PATCH', `/categories/${child}`, { name: 'Bivouacs' }, admin)).status).toBe(200);
      await eventually(async () => (await ids('q=bivouacs')).includes(id), SETTLE_MS);
      expect(await ids('q=bivouacs')).toEqual([id]);
    });

    it_('bad input is refused naming the field, and changes nothing', async () => {
      for (const [query, field] of [
        ['sort=cheapest', 'sort'],
        ['minPrice=-1', 'minPrice'],
        ['minPrice=500&maxPrice=100', 'minPrice'],
        ['inStock=maybe', 'inStock'],
        ['attr.Bad-Name=x', 'attr.Bad-Name'],
        ['page=200&pageSize=100', 'page'],
        ['colour=red', 'colour'],
        ['q=phone%00', 'q'],
        ['q=%E2%80%AEphone%1B', 'q'],
        [`q=${'a'.repeat(201)}`, 'q'],
        ['attr.colour=red%07', 'attr.colour'],
        ['attr.colour=red&attr.colour=blue', 'attr.colour'],
        ['attr[colour]=red', 'attr'],
        [Array.from({ length: 11 }, (_, i) => `attr.a${i}=x`).join('&'), 'attr'],
        ['category=%00', 'category'],
        ['brand=%1Bacme', 'brand'],
        ['page=0', 'page'],
        ['pageSize=1000', 'pageSize'],
      ]) {
        const res = await call<{ data?: { field: string }[] }>('GET', `/search?${query}`);
        expect([query, res.status]).toEqual([query, 422]);
        expect(JSON.stringify(res.body)).toContain(field);
      }
    });
  });
}
