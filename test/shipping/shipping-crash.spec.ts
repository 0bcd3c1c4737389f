import { randomBytes } from 'node:crypto';
import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { Store } from '../../mixins/store/store.types';
import type { ShipmentEvent } from '../../services/shipping/shipments.contract';
import type { ShipmentDoc } from '../../services/shipping/shipping.shipments.ops';
import { ALL_SERVICES, auditorOf, inBatches, startCheckoutWorld, waitFor, type CheckoutWorld } from '../checkout/checkout.world';
import { runScript, type RunningProcess } from '../support/processes';

type OrderRow = { id: string; userId: string; status: string };

/**
 * The process hosting shipping is SIGKILLed while a batch of orders confirms (their CONFIRMED
 * events on the way to it, some shipments made, some not) and started again: every confirmed
 * order ends with its shipments exactly once, one per warehouse its stock came from, each made
 * with one `shipment.created` event, and the auditor finds nothing wrong.
 */
const ORDERS = 20;
let w: CheckoutWorld;
let shipping: RunningProcess | undefined;
let shipmentsStore: Store;
const startShipping = () =>
  runScript('scripts/node.ts', { SERVICES: 'shipping', NODE_ID: `shipping-${process.pid}-${Date.now()}` });

beforeAll(async () => {
  w = await startCheckoutWorld(
    {},
    ALL_SERVICES.filter((s) => s !== 'shipping'),
  );
  shipping = startShipping();
  await w.platform.broker.waitForServices(['shipping'], 60_000);
  const { config } = await import('../../config/config');
  const { createStore } = await import('../../mixins/store/store.factory');
  const { shipmentsSchema } = await import('../../services/shipping/shipping.schema');
  shipmentsStore = createStore(config(), 'shipments', shipmentsSchema);
  await shipmentsStore.connect();
}, 120_000);
afterAll(async () => {
  await shipping?.stop();
  await shipmentsStore?.disconnect();
  await w?.platform.stop();
}, 60_000);

/** One product, SKU A stocked only in `main` and SKU B only in `east`: every order of both is two parcels. */
async function twoWarehouseSkus(): Promise<[string, string]> {
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const [a, b] = [`CRASH-A-${tag}`, `CRASH-B-${tag}`];
  const admin = { token: w.cast.admin.token };
  const variants = [a, b].map((sku) => ({ sku, prices: [{ amount: 1500, currency: 'EUR' }] }));
  const product = await w.call(
    'POST',
    '/products',
    { slug: `crash-${tag.toLowerCase()}`, name: `Crash ${tag}`, brand: 'Crash', status: 'active', variants },
    admin,
  );
  if (product.status !== 201) throw new Error(`product: ${product.status} ${product.text}`);
  for (const [sku, warehouse] of [
    [a, 'main'],
    [b, 'east'],
  ]) {
    const res = await w.call('POST', '/inventory/receipts', { sku, warehouse, quantity: 100, ref: `po-${sku}` }, admin);
    if (res.status !== 201) throw new Error(`receipt: ${res.status} ${res.text}`);
  }
  return [a, b];
}

it('every confirmed order gets its shipments exactly once after the shipping process is killed mid-batch', async () => {
  const [a, b] = await twoWarehouseSkus();
  const shoppers = await inBatches(Array.from({ length: ORDERS }), 8, async () => {
    const who = await w.shopper(a, 1);
    const res = await w.call('POST', '/cart/items', { sku: b, quantity: 1 }, { token: who.token });
    if (res.status !== 200) throw new Error(`cart: ${res.status} ${res.text}`);
    return who;
  });
  const placing = Promise.all(shoppers.map((who, i) => w.checkout(who, `ship-crash-${i}-${Date.now()}`)));
  const shipments = shipmentsStore.collection<ShipmentDoc>('shipments');
  // Kill once the first parcels exist and the others are still to come.
  await waitFor(async () => (await shipments.count({})) >= 1, 'first shipments', 60_000);
  shipping!.child.kill('SIGKILL');
  await shipping!.stop();
  const atKill = await shipments.count({});
  // A checkout asks shipping whether the shop ships by zone: one that asked the dead process may be refused (retryable).
  const placed = await placing;
  await new Promise((r) => setTimeout(r, 1_000));
  shipping = startShipping();
  await w.platform.broker.waitForServices(['shipping'], 60_000);

  const users = new Set(shoppers.map((s) => s.id));
  const ours = async () =>
    (await w.collection<OrderRow>('orders', 'orders', 'orders').find({})).filter((o) => users.has(o.userId));
  const sagas = w.collection<{ id: string; status: string }>('sagas', 'saga', 'sagas');
  await waitFor(async () => {
    const ids = new Set((await ours()).map((o) => o.id));
    return (await sagas.find({})).filter((s) => ids.has(s.id)).every((s) => ['COMPLETED', 'COMPENSATED'].includes(s.status));
  }, 'every saga ended');
  const confirmed = (await ours()).filter((o) => o.status === 'CONFIRMED');
  if (process.env.CRASH_DEBUG)
    console.log(
      `placed ${placed.map((p) => p.status).join(',')}; ${atKill} shipments at the kill; ${confirmed.length} confirmed`,
    );
  expect(placed.filter((p) => p.status === 202).length).toBeGreaterThan(ORDERS / 2);
  expect(confirmed.length).toBeGreaterThan(ORDERS / 2);
  expect(atKill).toBeLessThan(2 * confirmed.length);

  const expected = confirmed.flatMap((o) => [`${o.id}:east`, `${o.id}:main`]).sort();
  const mine = async () => (await shipments.find({})).filter((s) => users.has(s.userId));
  await waitFor(async () => (await mine()).length >= expected.length, 'every confirmed order shipped', 60_000);
  const rows = await mine();
  expect(rows.map((s) => s.id).sort()).toEqual(expected);
  for (const s of rows) {
    expect(s.status).toBe('pending');
    expect(s.lines).toEqual([{ sku: s.warehouse === 'main' ? a : b, quantity: 1 }]);
  }
  const created = (await shipmentsStore.collection<OutboxRow>('outbox').find({ filter: { event: 'shipment.created' } }))
    .map((r) => (r.payload.data as ShipmentEvent).shipmentId)
    .filter((id) => expected.includes(id));
  expect(created.sort()).toEqual(expected);

  const audit = await auditorOf();
  expect((await audit()).violations).toEqual([]);
}, 300_000);
