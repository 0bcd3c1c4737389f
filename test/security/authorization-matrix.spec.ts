import { REGISTRY } from '../../services/registry';
import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import { ADMIN_PASSWORD, castOf } from '../support/identities';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';
import { probeEvents } from '../support/event-probe';
import { accessMatrix, orderOf, runCell, WHO, type Fixture } from './access-cases';

/**
 * Every route the gateway publishes × {anonymous, customer A, customer B, support, admin}, with the
 * status each must answer. The rows are written by hand, each service's beside its manifest
 * (`<folder>.access.cases.ts`); the routes come from the live route table, so a route added without a
 * row (or a row whose route vanished) fails the test.
 */
const MATRIX = accessMatrix(REGISTRY.manifests);

let platform: Platform;
let fixture: Omit<Fixture, 'me'>;
let routes: { method: string; fullPath: string }[];
let events: ReturnType<typeof probeEvents>;

beforeAll(async () => {
  platform = await startPlatform([...IMPLEMENTED_SERVICES], { ADMIN_PASSWORD });
  events = probeEvents(platform.broker);
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const meta = { meta: { user: SYSTEM_PRINCIPAL } };
  const sku = 'MATRIX-1';
  const product = await platform.broker.call<{ id: string }, object>(
    'products.create',
    {
      slug: 'matrix-product',
      name: 'Matrix',
      brand: 'Test',
      status: 'active',
      variants: [{ sku, price: { amount: 1000, currency: 'EUR' } }],
    },
    meta,
  );
  await platform.broker.call('inventory.receive', { sku, warehouse: 'main', quantity: 500, ref: 'matrix' }, meta);
  await platform.broker.call('inventory.reserve', { orderId: 'matrix-order', lines: [{ sku, quantity: 1 }] });
  const cast = await castOf(platform.api);
  const base = { cast, productId: product.id, sku, orderId: 'matrix-order' };
  fixture = { ...base, orderOfA: await orderOf({ ...base, orderOfA: '' }, cast.customerA) };
  routes = await platform.broker.call('api.routes');
}, 90_000);
afterAll(() => platform?.stop());

it('has a row for exactly the routes the gateway publishes', () => {
  const published = routes.map((r) => `${r.method} ${r.fullPath}`).sort();
  expect(published).toEqual(Object.keys(MATRIX).sort());
});

describe.each(Object.entries(MATRIX))('%s', (route, row) => {
  it.each(WHO.map((who, i) => [who, row.expect[i]] as const))('as %s answers %i', async (who, status) => {
    const res = await runCell(fixture, route, row, who);
    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status });
  });
});

// Runs last: the cells above registered, promoted, disabled, created products and categories.
it('published only events that match the typed event catalog', async () => {
  await new Promise((r) => setTimeout(r, 1_000)); // the outbox relays poll every 500 ms
  const names = new Set(events.seen().map((e) => e.event));
  expect([...names]).toEqual(
    expect.arrayContaining([
      'user.registered',
      'user.roles-changed',
      'user.status-changed',
      'product.changed',
      'category.changed',
    ]),
  );
  expect(events.problems()).toEqual([]);
});
