import type { Context } from 'moleculer';
import { client, type Call } from '../support/http';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/identities';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';
import { untilListed } from './catalog-listed';
import { seedCatalog, type Seeded } from './catalog-seed';

type Page = {
  rows: { id: string; name: string; variants: { sku: string; price: { amount: number } | null }[]; priceRange: unknown }[];
  total: number;
  page: number;
  pageSize: number;
  facets: { brands: unknown[]; attributes: Record<string, unknown[]>; prices: unknown[] };
};

const ACTIVE = ['Aurora Buds', 'Aurora Phone X', 'Nimbus Android Phone', 'Trailhead Organic Tee'];

/**
 * The catalog listing over the gateway, seeded through the admin routes, on one engine per spec
 * file (config is read once per Jest module). The listing is answered by the search read model,
 * which follows the catalog's events: the setup waits until the index shows the whole seed.
 */
export function catalogListingSuite(engine: ServiceEngine) {
  describe(`catalog listing (${engine.label})`, () => {
    let platform: Platform;
    let expectedEngine = '';
    let call: Call;
    let admin: string;
    let seeded: Seeded;
    const events: { event: string; data: unknown }[] = [];

    const { it_ } = onEngine(engine, async (env) => {
      expectedEngine = env.STORE_CATALOG;
      platform = await startPlatform(['api', 'auth', 'products', 'search'], { ADMIN_PASSWORD, ...env });
      const record = (event: string) => (ctx: Context<{ data: unknown }>) => void events.push({ event, data: ctx.params.data });
      platform.broker.createService({
        name: 'catalog-listener',
        events: { 'product.changed': record('product.changed'), 'category.changed': record('category.changed') },
      });
      call = client(platform.api);
      const login = await call<{ accessToken: string }>('POST', '/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      admin = login.body.accessToken;
      seeded = await seedCatalog(call, admin);
      // The four active products, and not the archived one (created active, then archived).
      await untilListed(call, '/products?sort=name', (p) => p.rows.map((r) => r.name).join() === ACTIVE.join());
      return { platform };
    });

    const list = async (query = '') => {
      const res = await call<Page>('GET', `/products${query ? `?${query}` : ''}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const names = async (query: string) => (await list(query)).rows.map((r) => r.name);

    it_('keeps the catalog on the engine configured', async () => {
      const [stats] = await platform.broker.call<{ engine: string; counts: Record<string, number> }[]>('products.storesStats');
      expect(stats.engine).toBe(expectedEngine);
      expect(stats.counts).toMatchObject({ products: 6, categories: 6, skus: 8 });
    });

    it_('lists only active products, with current prices and a price range', async () => {
      const page = await list('sort=name');
      expect(page.rows.map((r) => r.name)).toEqual(ACTIVE);
      expect(page).toMatchObject({ total: 4, page: 1, pageSize: 20 });
      const phone = page.rows[1];
      expect(phone.variants).toEqual([
        expect.objectContaining({
          sku: 'AUR-X-128-BLK',
          attributes: { storage: '128GB', colour: 'black' },
          price: { amount: 69900, currency: 'USD' },
        }),
        expect.objectContaining({
          sku: 'AUR-X-256-BLU',
          attributes: { storage: '256GB', colour: 'blue' },
          price: { amount: 79900, currency: 'USD' },
        }),
      ]);
      expect(phone.priceRange).toEqual({ min: 69900, max: 79900, currency: 'USD' });
    });

    it_('searches every word over name and description, case-insensitively, as search does', async () => {
      expect(await names('search=phone&sort=name')).toEqual(['Aurora Phone X', 'Nimbus Android Phone']);
      expect(await names('search=BATTERY&sort=name')).toEqual(['Aurora Phone X', 'Nimbus Android Phone']);
      expect(await names('search=battery%20two-day')).toEqual(['Aurora Phone X']);
      expect(await names('search=noise%20phone')).toEqual([]);
      expect(await names('search=cotton')).toEqual(['Trailhead Organic Tee']);
      // Typo tolerance and stems come with the search service.
      expect(await names('search=phnoe&sort=name')).toEqual(['Aurora Phone X', 'Nimbus Android Phone']);
      expect(await names('search=phones&sort=name')).toEqual(['Aurora Phone X', 'Nimbus Android Phone']);
    });

    it_('filters by a category with its descendants, by id or slug', async () => {
      expect(await names('category=electronics&sort=name')).toEqual(['Aurora Buds', 'Aurora Phone X', 'Nimbus Android Phone']);
      expect(await names(`category=${seeded.categories.phones}&sort=name`)).toEqual(['Aurora Phone X', 'Nimbus Android Phone']);
      expect(await names('category=android-phones')).toEqual(['Nimbus Android Phone']);
      expect(await names('category=apparel')).toEqual(['Trailhead Organic Tee']);
      expect((await list('category=no-such-category')).total).toBe(0);
    });

    it_('filters by brand and by attributes (attr.name= and attr[name]=), product- and variant-level', async () => {
      expect(await names('brand=Aurora&sort=name')).toEqual(['Aurora Buds', 'Aurora Phone X']);
      expect(await names('attr.colour=black&sort=name')).toEqual([
        'Aurora Phone X',
        'Nimbus Android Phone',
        'Trailhead Organic Tee',
      ]);
      expect(await names('attr%5Bcolour%5D=black&sort=name')).toEqual([
        'Aurora Phone X',
        'Nimbus Android Phone',
        'Trailhead Organic Tee',
      ]);
      expect(await names('attr.colour=black&attr.storage=128GB')).toEqual(['Aurora Phone X']);
      expect(await names('attr.material=organic%20cotton')).toEqual(['Trailhead Organic Tee']);
      expect(await names('attr.colour=black&brand=Trailhead&category=apparel&search=tee')).toEqual(['Trailhead Organic Tee']);
      expect(await names('attr.colour=purple')).toEqual([]);
    });

    it_('filters by price on any variant, bounds inclusive', async () => {
      expect(await names('minPrice=20000&maxPrice=70000&sort=price')).toEqual(['Nimbus Android Phone', 'Aurora Phone X']);
      expect(await names('minPrice=75000')).toEqual(['Aurora Phone X']);
      expect(await names('maxPrice=2500')).toEqual(['Trailhead Organic Tee']);
      expect(await names('minPrice=2501&maxPrice=12899')).toEqual([]);
    });

    it_('sorts by price, name and age', async () => {
      expect(await names('sort=price')).toEqual([
        'Trailhead Organic Tee',
        'Aurora Buds',
        'Nimbus Android Phone',
        'Aurora Phone X',
      ]);
      expect(await names('sort=-price')).toEqual([
        'Aurora Phone X',
        'Nimbus Android Phone',
        'Aurora Buds',
        'Trailhead Organic Tee',
      ]);
      expect(await names('sort=-name')).toEqual([
        'Trailhead Organic Tee',
        'Nimbus Android Phone',
        'Aurora Phone X',
        'Aurora Buds',
      ]);
      expect(await names('sort=newest')).toEqual([
        'Trailhead Organic Tee',
        'Aurora Buds',
        'Nimbus Android Phone',
        'Aurora Phone X',
      ]);
    });

    it_('pages, with the total and facets of the whole filtered set', async () => {
      const second = await list('sort=name&pageSize=3&page=2');
      expect(second.rows.map((r) => r.name)).toEqual(['Trailhead Organic Tee']);
      expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(second.facets).toEqual((await list('sort=name&pageSize=3')).facets);
      expect((await list('page=3&pageSize=2')).rows).toEqual([]);
    });

    it_('counts facets exactly for the filtered set', async () => {
      expect((await list('category=electronics')).facets).toEqual({
        brands: [
          { value: 'Aurora', count: 2 },
          { value: 'Nimbus', count: 1 },
        ],
        attributes: {
          colour: [
            { value: 'black', count: 2 },
            { value: 'blue', count: 1 },
            { value: 'white', count: 1 },
          ],
          screen: [{ value: '6.1in', count: 1 }],
          storage: [
            { value: '128GB', count: 1 },
            { value: '256GB', count: 1 },
            { value: '64GB', count: 1 },
          ],
        },
        prices: [
          { from: 10000, to: 25000, count: 1 },
          { from: 25000, to: 50000, count: 1 },
          { from: 50000, to: 100000, count: 1 },
        ],
        // The suite stocks nothing: every product is sold out.
        availability: { inStock: 0, outOfStock: 3 },
      });
      expect((await list('attr.colour=white')).facets.brands).toEqual([
        { value: 'Aurora', count: 1 },
        { value: 'Trailhead', count: 1 },
      ]);
    });

    it_('refuses unknown params and bad attribute filters, naming them', async () => {
      const bad = await call('GET', '/products?colour=black&attr.Bad=1&attr.size=');
      expect(bad.status).toBe(422);
      expect(bad.body).toEqual({
        error: {
          type: 'VALIDATION_ERROR',
          message: 'Invalid input',
          fields: [
            expect.objectContaining({ field: 'colour' }),
            expect.objectContaining({ field: 'attr.Bad' }),
            expect.objectContaining({ field: 'attr.size' }),
          ],
        },
      });
      expect((await call('GET', '/products?minPrice=-1')).status).toBe(422);
      expect((await call('GET', '/products?sort=cheapest')).status).toBe(422);
    });

    it_('reads one product by id or slug; drafts and archived ones only for admins', async () => {
      const byId = await call<{ slug: string; variants: object[] }>('GET', `/products/${seeded.products.aurora}`);
      expect(byId.status).toBe(200);
      expect(byId.body.variants[0]).toEqual({
        sku: 'AUR-X-128-BLK',
        attributes: { storage: '128GB', colour: 'black' },
        price: { amount: 69900, currency: 'USD' },
        taxClass: 'standard',
      });
      expect((await call('GET', '/products/aurora-phone-x')).body).toEqual(byId.body);
      for (const hidden of [seeded.products.draft, seeded.products.archived, 'no-such-product']) {
        expect((await call('GET', `/products/${hidden}`)).status).toBe(404);
      }
      const asAdmin = await call<{ status: string; variants: { prices: unknown[] }[] }>(
        'GET',
        `/products/${seeded.products.draft}`,
        undefined,
        { token: admin },
      );
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.status).toBe('draft');
      expect(asAdmin.body.variants[0].prices).toEqual([{ amount: 10000, currency: 'USD' }]);
    });

    it_('published product.changed and category.changed for every write', async () => {
      const deadline = Date.now() + 5_000;
      while (events.length < seeded.events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const of = (event: string) => events.filter((e) => e.event === event).map((e) => e.data);
      expect(of('category.changed')).toEqual(
        expect.arrayContaining(Object.values(seeded.categories).map((id) => ({ id, change: 'created', version: 1 }))),
      );
      // v2 carries the product's version after each write.
      expect(of('product.changed')).toEqual(
        expect.arrayContaining([
          { id: seeded.products.aurora, change: 'created', version: 1 },
          { id: seeded.products.archived, change: 'created', version: 1 },
          { id: seeded.products.archived, change: 'archived', version: 2 },
        ]),
      );
    });

    it_('switches to a scheduled price when it starts, in the listing and the product, with no write in between', async () => {
      const id = seeded.products.nimbus;
      const from = Date.now() + 2_000;
      const res = await call(
        'PUT',
        `/products/${id}/variants/NIM-64-BLK/prices`,
        {
          prices: [
            { amount: 29900, currency: 'USD' },
            { amount: 19900, currency: 'USD', from },
          ],
        },
        { token: admin },
      );
      expect(res.status).toBe(200);
      const product = async () => (await call<Page['rows'][number]>('GET', `/products/${id}`)).body.variants[0].price?.amount;
      const current = async () => ({
        product: await product(),
        listed: (await list('search=nimbus')).rows[0].variants[0].price?.amount,
        cheap: (await list('maxPrice=20000&category=phones')).total,
      });
      // Twice before: the second answer comes from the cache, and must still switch on time.
      expect(await current()).toEqual({ product: 29900, listed: 29900, cheap: 0 });
      expect(await current()).toEqual({ product: 29900, listed: 29900, cheap: 0 });
      expect(Date.now()).toBeLessThan(from);
      await new Promise((r) => setTimeout(r, Math.max(0, from - Date.now() + 50)));
      // The product switches at the boundary; the listing when the index reprices it, shortly after.
      expect(await product()).toBe(19900);
      await untilListed(call, '/products?search=nimbus', (p) => p.rows[0]?.variants[0].price?.amount === 19900);
      expect(await current()).toEqual({ product: 19900, listed: 19900, cheap: 1 });
    });
  });
}
