import { randomUUID } from 'node:crypto';
import type { ServiceBroker } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { Store } from '../../mixins/store/store.types';
import type { Shipment } from '../../services/shipping/shipments.contract';
import { SHIPPING, startWorld, type World } from '../orders/orders.fixtures';
import { orderHelpers } from '../orders/orders.helpers';
import { eventually } from '../support/eventually';

/**
 * The shipments' routes and consumer on a cluster: orders, inventory and the gateway on one node,
 * shipping on a node of its own (as `fulfilment` runs it). A confirmed order whose allocation
 * splits over two warehouses gets two shipments from its `order.status-changed` event.
 */
let world: World;
let fulfilment: ServiceBroker;
const h = orderHelpers(() => world);
type Handler = { handler(this: unknown, e: EventEnvelope, ctx: unknown): Promise<void> };

beforeAll(async () => {
  world = await startWorld({ SANDBOX_CARRIER_STEP_MS: '60000' });
  fulfilment = await world.platform.addNode(['shipping'], `fulfilment-${randomUUID().slice(0, 8)}`);
  await world.platform.broker.waitForServices(['shipping']);
  // The gateway learns the shipping routes once the node is seen.
  await eventually(async () => (await world.req('GET', '/admin/shipments', { as: world.cast.admin })).status === 200, 15_000);
}, 120_000);
afterAll(() => world?.platform.stop(), 60_000);

const shipping = () =>
  fulfilment.getLocalService('shipping') as unknown as {
    store(n: string): Store;
    schema: { eventConsumers: Record<string, Handler> };
  };
const path = (id: string) => `/admin/shipments/${encodeURIComponent(id)}`;

/** A placed order of 3 units of an SKU of its own, stocked 1 in east and 2 in west: its reservation splits. */
async function reservedOrder() {
  const sku = `SPLIT-${randomUUID().slice(0, 8).toUpperCase()}`;
  await world.system('products.create', {
    slug: sku.toLowerCase(),
    name: 'Split kit',
    brand: 'Acme',
    status: 'active',
    variants: [{ sku, price: { amount: 700, currency: 'EUR' }, weightG: 250 }],
  });
  await world.system('inventory.receive', { sku, warehouse: 'east', quantity: 1, ref: `seed-east-${sku}` });
  await world.system('inventory.receive', { sku, warehouse: 'west', quantity: 2, ref: `seed-west-${sku}` });
  const who = await world.cast.newCustomer();
  await world.fillCart(who, [[sku, 3]]);
  const placed = await h.checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
  expect(placed.status).toBe(202);
  const orderId = placed.body.id as string;
  await world.system('inventory.reserve', { orderId, lines: [{ sku, quantity: 3 }] });
  return { who, orderId, sku };
}
const shipmentsOf = async (orderId: string) =>
  (await world.req('GET', `/admin/shipments?orderId=${orderId}`, { as: world.cast.admin })).body.rows as unknown as Shipment[];

it('a confirmed order gets one shipment per warehouse; staff list, label and ship it; the customer reads tracking', async () => {
  const { who, orderId, sku } = await reservedOrder();
  await h.step('confirm', orderId, `confirm:${orderId}`);
  const rows = await eventually(async () => ((await shipmentsOf(orderId)).length === 2 ? shipmentsOf(orderId) : null), 10_000);
  expect(rows.map((s) => [s.id, s.status, s.lines]).sort()).toEqual([
    [`${orderId}:east`, 'pending', [{ sku, quantity: 1 }]],
    [`${orderId}:west`, 'pending', [{ sku, quantity: 2 }]],
  ]);
  expect(rows[0]).toMatchObject({ userId: who.id, carrier: 'sandbox', serviceLevel: 'standard' });
  const pending = await world.req('GET', `/admin/shipments?status=pending&orderId=${orderId}&page=1&pageSize=1`, {
    as: world.cast.support,
  });
  expect(pending.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });

  const west = `${orderId}:west`;
  const label = await world.req('POST', `${path(west)}/label`, { as: world.cast.admin, body: {} });
  expect(label.status).toBe(200);
  expect(label.body).toMatchObject({ status: 'label_purchased', label: { kind: 'blob', contentType: 'application/pdf' } });
  expect((label.body.label as Record<string, unknown>).data).toBeUndefined();
  const again = await world.req('POST', `${path(west)}/label`, { as: world.cast.admin, body: {} });
  expect(again.body.trackingNumber).toBe(label.body.trackingNumber);
  const pdf = await world.req('GET', `${path(west)}/label`, { as: world.cast.support });
  expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
  expect(pdf.text).toMatch(/^%PDF-1\.4 sandbox-carrier label[\s\S]*Weight: 500 g[\s\S]*To: .*10115 DE/);

  const shipped = await world.req('POST', `${path(west)}/ship`, {
    as: world.cast.admin,
    body: { lines: [{ sku, quantity: 1 }] },
  });
  expect(shipped.status).toBe(200);
  expect(shipped.body).toMatchObject({
    shipment: { id: west, status: 'in_transit', lines: [{ sku, quantity: 1 }] },
    remainder: { id: `${west}/1`, status: 'pending', lines: [{ sku, quantity: 1 }], parentId: west },
  });
  expect((await world.req('POST', `${path(west)}/ship`, { as: world.cast.admin, body: {} })).body).toEqual(shipped.body);
  const other = await world.req('POST', `${path(west)}/ship`, {
    as: world.cast.admin,
    body: { lines: [{ sku, quantity: 2 }] },
  });
  expect(other.status).toBe(409);
  expect(other.body.error).toMatchObject({ type: 'SHIPMENT_ALREADY_SHIPPED', message: expect.stringContaining('is in_transit') });

  const mine = await world.req('GET', `/orders/${orderId}/shipments`, { as: who });
  expect(mine.status).toBe(200);
  const views = mine.body.rows as unknown as Record<string, unknown>[];
  expect(views).toHaveLength(3);
  const handed = views.find((v) => v.id === west)!;
  expect(handed).toMatchObject({
    status: 'in_transit',
    trackingNumber: label.body.trackingNumber,
    trackingUrl: expect.stringMatching(/^https:\/\//),
  });
  for (const v of views) expect(Object.keys(v)).not.toEqual(expect.arrayContaining(['label']));
  expect((await world.req('GET', `/orders/${orderId}/shipments`, { as: world.cast.customerB })).status).toBe(404);
  expect((await world.req('GET', `/orders/${orderId}/shipments`, { as: world.cast.support })).status).toBe(200);
  expect((await world.req('GET', `/orders/${orderId}/shipments`)).status).toBe(401);
  expect((await world.req('GET', `/orders/nope-${randomUUID()}/shipments`, { as: who })).status).toBe(404);
}, 60_000);

it('bad input is a 422 naming the field and changes nothing; an unknown shipment is 404', async () => {
  const admin = world.cast.admin;
  const bad = async (method: string, route: string, body: unknown, field: string) => {
    const res = await world.req(method, route, { as: admin, body });
    expect([res.status, res.body.error?.fields?.map((f) => f.field)]).toEqual([422, expect.arrayContaining([field])]);
  };
  await bad('GET', '/admin/shipments?status=lost', undefined, 'status');
  await bad('GET', '/admin/shipments?pageSize=1000', undefined, 'pageSize');
  const { orderId, sku } = await reservedOrder();
  await h.step('confirm', orderId, `confirm:${orderId}`);
  const [s] = await eventually(async () => ((await shipmentsOf(orderId)).length ? shipmentsOf(orderId) : null), 10_000);
  await bad('POST', `${path(s.id)}/ship`, { lines: [{ sku, quantity: 0 }] }, 'lines[0].quantity');
  await bad('POST', `${path(s.id)}/ship`, { lines: [{ sku, quantity: 3 }] }, 'lines[0].quantity');
  await bad('POST', `${path(s.id)}/ship`, { lines: [{ sku: 'OTHER', quantity: 1 }] }, 'lines[0].sku');
  await bad('POST', `${path(s.id)}/ship`, { lines: [] }, 'lines');
  expect((await world.req('GET', path(s.id), { as: admin })).body).toMatchObject({ status: 'pending', version: 1 });
  expect((await world.req('GET', path(`${orderId}:nowhere`), { as: admin })).status).toBe(404);
  expect((await world.req('POST', `${path(`${orderId}:nowhere`)}/ship`, { as: admin, body: {} })).status).toBe(404);
}, 60_000);

it('10 parallel deliveries of one CONFIRMED event make one shipment per warehouse and one shipment.created each', async () => {
  const { orderId } = await reservedOrder();
  const envelope: EventEnvelope = {
    id: randomUUID(),
    event: 'order.status-changed',
    occurredAt: Date.now(),
    source: 'orders',
    data: { orderId, userId: 'u', from: 'PENDING', to: 'CONFIRMED', total: { amount: 2100, currency: 'EUR' } },
  };
  const svc = shipping();
  const consumer = svc.schema.eventConsumers['order.status-changed'];
  await Promise.all(
    Array.from({ length: 10 }, () =>
      consumer.handler.call(svc, envelope, fulfilment.ContextFactory.create(fulfilment, null as never, {}, {})),
    ),
  );
  expect((await shipmentsOf(orderId)).map((s) => s.id).sort()).toEqual([`${orderId}:east`, `${orderId}:west`]);
  const outbox = await svc
    .store('shipments')
    .collection<{ id: string; event: string; payload: EventEnvelope }>('outbox')
    .find({ filter: { event: 'shipment.created' } });
  const created = outbox.filter((r) => (r.payload.data as { orderId: string }).orderId === orderId);
  expect(created.map((r) => (r.payload.data as { shipmentId: string }).shipmentId).sort()).toEqual([
    `${orderId}:east`,
    `${orderId}:west`,
  ]);
  expect(await svc.store('shipments').collection('inbox').get(envelope.id)).toMatchObject({ event: 'order.status-changed' });
}, 60_000);
