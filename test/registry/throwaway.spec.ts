import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REGISTRY } from '../../services/registry';
import type { LoadableName } from '../../services';
import { GENERATED_FILES, regenerate } from '../../scripts/generate-files';
import { accessMatrix, runCell, WHO, type Fixture } from '../security/access-cases';
import { ADMIN_PASSWORD, castOf } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/**
 * A new service is its folder (test/registry/fixture/widgets: manifest, schema, service, access
 * cases) plus one line in the registry. This suite makes exactly that one-line change — the
 * registry module with the widgets manifest appended — and shows everything else follow:
 * config, generated files, health, the authorization matrix, migrate, and db.mixin's CRUD.
 */
jest.mock('../../services/registry', () => {
  const actual = jest.requireActual('../../services/registry');
  const { buildRegistry } = jest.requireActual('../../services/registry.derive');
  const MANIFESTS = [...actual.MANIFESTS, jest.requireActual('./fixture/widgets/widgets.module').default];
  return { ...actual, MANIFESTS, REGISTRY: buildRegistry(MANIFESTS) };
});

const ROOT = path.resolve(__dirname, '../..');
const generated = (file: (typeof GENERATED_FILES)[number]) =>
  regenerate(file, readFileSync(path.join(ROOT, file), 'utf8'), REGISTRY);

describe('derived without touching anything else', () => {
  it('names the service, its store and node', () => {
    expect(REGISTRY.serviceNames).toContain('widgets');
    expect(REGISTRY.storeDefaults.widgets).toEqual({ service: 'widgets', engine: 'postgres' });
    expect(REGISTRY.nodes.get('commerce')).toContain('widgets');
  });

  it('generates its .env.example variable, its database and its compose node entry', () => {
    expect(generated('.env.example')).toContain('# engine of the widgets store; default: postgres\nSTORE_WIDGETS=postgres\n');
    expect(generated('deploy/postgres/init-databases.sh')).toMatch(/^ {2}shop_widgets$/m);
    const commerce = REGISTRY.nodes.get('commerce')!.join(',');
    expect(commerce).toMatch(/,widgets$/);
    expect(generated('docker-compose.yml')).toContain(`SERVICES: ${commerce}\n`);
  });

  it('lets config read STORE_WIDGETS, refusing a bad engine naming the variable', async () => {
    const { loadConfig } = await import('../../config/config');
    expect(loadConfig({ STORE_WIDGETS: 'mongo' }).stores).toMatchObject({ widgets: 'mongo' });
    expect(() => loadConfig({ STORE_WIDGETS: 'oracle' })).toThrow(/STORE_WIDGETS/);
  });
});

describe('running', () => {
  let platform: Platform;
  let fixture: Omit<Fixture, 'me'>;
  const matrix = Object.entries(accessMatrix(REGISTRY.manifests)).filter(([route]) => route.includes('/widgets'));

  beforeAll(async () => {
    platform = await startPlatform(['api', 'auth', 'users', 'widgets' as LoadableName], { ADMIN_PASSWORD });
    fixture = { cast: await castOf(platform.api), productId: '', sku: '', orderId: '', orderOfA: '' };
  }, 90_000);
  afterAll(() => platform?.stop());

  it('is in health with its store', async () => {
    const res = await fixture.cast.call<{ services: { service: string; stores: { store: string; ok: boolean }[] }[] }>(
      'GET',
      '/health',
    );
    expect(res.body.services.find((s) => s.service === 'widgets')).toMatchObject({
      stores: [{ store: 'widgets', ok: true }],
    });
  });

  it('has matrix rows for exactly the routes it publishes', async () => {
    const routes = await platform.broker.call<{ method: string; fullPath: string }[]>('api.routes');
    const published = routes.map((r) => `${r.method} ${r.fullPath}`).filter((r) => r.includes('/widgets'));
    expect(published.sort()).toEqual(matrix.map(([route]) => route).sort());
    expect(published).toHaveLength(5);
  });

  it('answers every matrix cell as its cases say', async () => {
    const wrong: string[] = [];
    for (const [route, row] of matrix)
      for (const [i, who] of WHO.entries()) {
        const res = await runCell(fixture, route, row, who);
        if (res.status !== row.expect[i]) wrong.push(`${route} as ${who}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    expect(wrong).toEqual([]);
  });

  it("refuses bad input on db.mixin's actions naming the field, and changes nothing", async () => {
    const admin = { token: fixture.cast.admin.token };
    const count = async () => (await fixture.cast.call<{ total: number }>('GET', '/admin/widgets', undefined, admin)).body.total;
    const before = await count();
    const bad: [string, string, unknown, RegExp][] = [
      ['POST', '/admin/widgets', { name: '', priceMinor: 1 }, /name/],
      ['POST', '/admin/widgets', { name: 'x', priceMinor: 1.5 }, /priceMinor/],
      ['POST', '/admin/widgets', { name: 'x', priceMinor: 1, id: 'mine' }, /id/],
      ['GET', '/admin/widgets?pageSize=1000', undefined, /pageSize/],
      ['GET', '/admin/widgets?sort=priceMinor', undefined, /sort/],
      ['GET', '/admin/widgets?query=%7B%7D', undefined, /query/],
      ['PUT', '/admin/widgets/nope', { colour: 'red' }, /colour/],
      ['GET', '/admin/widgets/bad%20id', undefined, /id/],
    ];
    for (const [method, route, body, field] of bad) {
      const res = await fixture.cast.call(method, route, body, admin);
      expect([method, route, res.status]).toEqual([method, route, expect.any(Number)]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).toMatch(field);
    }
    expect(await count()).toBe(before);
    expect((await fixture.cast.call('GET', '/admin/widgets/missing', undefined, admin)).status).toBe(404);
  });

  it('pages, sorts and updates through the standard actions', async () => {
    const admin = { token: fixture.cast.admin.token };
    const tag = Math.random().toString(36).slice(2, 8);
    for (const n of ['b', 'a', 'c'])
      await fixture.cast.call('POST', '/admin/widgets', { name: `${tag}-${n}`, priceMinor: 1 }, admin);
    const page = await fixture.cast.call<{ rows: { id: string; name: string }[]; pageSize: number; total: number }>(
      'GET',
      '/admin/widgets?sort=name&pageSize=2&page=1',
      undefined,
      admin,
    );
    expect(page.body.rows).toHaveLength(2);
    expect(page.body.rows.map((r) => r.name)).toEqual([...page.body.rows.map((r) => r.name)].sort());
    const id = page.body.rows[0].id;
    const updated = await fixture.cast.call('PUT', `/admin/widgets/${id}`, { priceMinor: 42 }, admin);
    expect(updated.body).toMatchObject({ id, priceMinor: 42 });
  });

  // Last: it reverts and re-applies the store's migration under the running service.
  it('is migrated by npm run migrate', async () => {
    const { config } = await import('../../config/config');
    const { migrateStores } = await import('../../scripts/migrate-stores');
    expect(await migrateStores(config(), { only: 'widgets' })).toEqual(['widgets (postgres): at 0001-create-widgets']);
    expect(await migrateStores(config(), { only: 'widgets', down: 1 })).toEqual([
      'widgets (postgres): reverted 0001-create-widgets',
    ]);
    expect(await migrateStores(config(), { only: 'widgets' })).toEqual(['widgets (postgres): at 0001-create-widgets']);
  });
});
