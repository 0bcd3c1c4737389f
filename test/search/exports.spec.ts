import type { ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import type { ExportPage } from '../../services/search/search.contract';
import { client } from '../support/http';
import { ADMIN_PASSWORD, castOf } from '../support/identities';
import { startPlatform } from '../support/platform';
import { dynamoLocalEngine, mongoStandInEngine, onEngine, type ServiceEngine } from '../support/service-engines';
import { receive, seedWidgets } from './rebuild.fixtures';

const inventory = dynamoLocalEngine('inventory');
const catalog = mongoStandInEngine('catalog');
const engines: ServiceEngine = {
  label: 'DynamoDB Local (inventory) and the MongoDB stand-in (catalog)',
  async setup() {
    const a = await inventory.setup();
    const b = typeof a === 'string' ? a : await catalog.setup();
    return typeof a === 'string' ? a : typeof b === 'string' ? b : { ...a, ...b };
  },
  teardown: async () => void (await Promise.all([inventory.teardown(), catalog.teardown()])),
};

const asPlatform = { meta: { user: SYSTEM_PRINCIPAL } };
const call = <T>(broker: ServiceBroker, action: string, params: object) => broker.call<ExportPage<T>, object>(action, params, asPlatform);

/** Every page of an export, calling `between` after each; the ids in the order read. */
async function exportAll(broker: ServiceBroker, action: string, limit: number, between?: () => Promise<void>) {
  const ids: string[] = [];
  for (let after: string | undefined; ; ) {
    const page = await call<{ id: string }>(broker, action, { ...(after ? { after } : {}), limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    ids.push(...page.rows.map((r) => r.id));
    if (page.next === null) return ids;
    after = page.next;
    await between?.();
  }
}
const twice = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

/** The exports the search rebuild and repair read, paged by each store's native scan. */
describe('products.export and inventory.export on their default engines', () => {
  const { world, it_ } = onEngine(engines, async (env) => {
    const platform = await startPlatform(['api', 'auth', 'products', 'inventory'], { ADMIN_PASSWORD, ...env });
    const cast = await castOf(platform.api);
    const products = await seedWidgets(client(platform.api), platform.broker, cast.admin.token, 10, 'ex');
    for (let i = 0; i < 15; i++) await receive(platform.broker, `EX-${String(i).padStart(4, '0')}`, 'north', 2, `ex-north-${i}`);
    return { platform, products };
  });

  it_('reads every product once, page by page, and the cursor reads on', async () => {
    const { platform, products } = world();
    const ids = await exportAll(platform.broker, 'products.export', 3);
    expect(twice(ids)).toEqual([]);
    expect([...ids].sort()).toEqual([...products].sort());
  });

  it_('reads every stock record once while new ones are received between pages', async () => {
    const { platform } = world();
    const before = await exportAll(platform.broker, 'inventory.export', 1_000);
    expect(before).toHaveLength(5 + 15);
    let n = 0;
    const ids = await exportAll(platform.broker, 'inventory.export', 4, () =>
      receive(platform.broker, `EX-${String(n++).padStart(4, '0')}`, 'south', 1, `ex-south-${n}`).then(() => undefined),
    );
    expect(twice(ids)).toEqual([]);
    for (const id of before) expect(ids).toContain(id);
  });

  it_('answers a cursor it did not give with 422 naming after', async () => {
    const { platform } = world();
    const forged = Buffer.from('{"sku":"EX-0001"}').toString('base64url');
    for (const action of ['products.export', 'inventory.export'])
      for (const after of [forged, 'not-a-cursor', 'has spaces']) {
        const err = await call(platform.broker, action, { after, limit: 2 }).catch((e) => e);
        expect({ action, code: err.code, type: err.type, fields: err.data?.map((d: { field: string }) => d.field) }).toEqual({
          action,
          code: 422,
          type: 'VALIDATION_ERROR',
          fields: ['after'],
        });
      }
  });
});
