import { randomBytes, randomUUID } from 'node:crypto';
import type { Errors } from 'moleculer';
import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { Collection, Doc } from '../../mixins/store/store.types';
import { canonicalPayload, signPayload } from '../../mixins/webhooks/signature';
import type { Shipment, ShipmentEvent } from '../../services/shipping/shipments.contract';
import type { ShippingThis } from '../../services/shipping/shipping.methods';
import { SHIPPING, startWorld, type World } from '../orders/orders.fixtures';
import { orderHelpers } from '../orders/orders.helpers';
import { eventually } from '../support/eventually';
import { client } from '../support/http';

/**
 * Return parcels and exchange shipments on PostgreSQL, with the real orders, products and
 * inventory: `shipping.createReturnLabel` (one parcel per return however many ask at once, its
 * label bought for the return direction), its tracking through the same webhooks, the order's
 * fulfilment never counting it, `cancelReturnLabel`, and `createExchangeShipments`.
 */
let world: World;
const h = orderHelpers(() => world);
const secret = `shipsec_${randomBytes(24).toString('hex')}`;
let col: { shipments: Collection<Shipment & Doc>; outbox: Collection<OutboxRow> };

beforeAll(async () => {
  // The sandbox's own schedule is slowed to a day: only these tests' reports move a parcel.
  world = await startWorld({ SANDBOX_CARRIER_STEP_MS: '86400000', SHIPPING_WEBHOOK_SECRET: secret }, [
    'shipping',
    'notifications',
  ]);
  const store = (world.platform.broker.getLocalService('shipping') as unknown as ShippingThis).store('shipments');
  col = { shipments: store.collection('shipments'), outbox: store.collection('outbox') };
}, 120_000);
afterAll(() => world?.platform.stop(), 60_000);

const call = <T>(action: string, params: unknown) => world.system<T>(`shipping.${action}`, params);
const refusal = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as Errors.MoleculerError | null;
  if (!err) throw new Error('expected a refusal');
  return {
    code: err.code,
    type: err.type,
    fields: Array.isArray(err.data) ? (err.data as { field?: string }[]).map((f) => f.field) : [],
  };
};
const published = async (shipmentId: string) =>
  (await col.outbox.find({ filter: { 'payload.data.shipmentId': shipmentId }, sort: ['createdAt'] })).map((r) => ({
    event: r.event,
    data: r.payload.data as ShipmentEvent,
  }));
async function report(trackingNumber: string, code: string) {
  const body = { id: `evt_${randomBytes(6).toString('hex')}`, trackingNumber, code, at: Date.now() };
  const signature = signPayload(secret, canonicalPayload(body), Math.floor(Date.now() / 1000));
  const res = await client(world.platform.api)('POST', '/shipping/webhooks/sandbox', body, {
    headers: { 'X-Sandbox-Signature': signature },
  });
  expect(res.status).toBe(200);
}

/** A confirmed order of 3 units stocked 1 in east and 2 in west: two shipments. */
async function confirmedOrder() {
  const sku = `RET-${randomUUID().slice(0, 8).toUpperCase()}`;
  const variants = [{ sku, price: { amount: 900, currency: 'EUR' }, weightG: 300 }];
  await world.system('products.create', { slug: sku.toLowerCase(), name: 'Kit', brand: 'Acme', status: 'active', variants });
  await world.system('inventory.receive', { sku, warehouse: 'east', quantity: 1, ref: `seed-east-${sku}` });
  await world.system('inventory.receive', { sku, warehouse: 'west', quantity: 2, ref: `seed-west-${sku}` });
  const who = await world.cast.newCustomer();
  await world.fillCart(who, [[sku, 3]]);
  const placed = await h.checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
  const orderId = placed.body.id as string;
  await world.system('inventory.reserve', { orderId, lines: [{ sku, quantity: 3 }] });
  await h.step('confirm', orderId, `confirm:${orderId}`);
  await eventually(async () => (await col.shipments.count({ filter: { orderId } })) === 2, 10_000);
  return { orderId, userId: who.id, who, sku };
}
type Label = { id: string; kind: string; status: string; warehouse: string; trackingNumber: string; label: { url: string } };
const labelFor = (o: { orderId: string; userId: string; sku: string }, returnId: string, quantity = 2) =>
  call<Label>('createReturnLabel', { returnId, orderId: o.orderId, userId: o.userId, lines: [{ sku: o.sku, quantity }] });

describe('return labels', () => {
  let order: Awaited<ReturnType<typeof confirmedOrder>>;
  const returnId = `r-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    order = await confirmedOrder();
  }, 60_000);

  it('20 concurrent requests for one return make one parcel with one label, from where the units came', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => labelFor(order, returnId)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({
      id: `ret-${returnId}`,
      kind: 'return',
      status: 'label_purchased',
      warehouse: 'west',
      carrier: 'sandbox',
      trackingNumber: expect.stringMatching(/^SBX\d{12}$/),
      label: { kind: 'blob', url: `/api/admin/shipments/ret-${returnId}/label` },
    });
    expect(await col.shipments.count({ filter: { kind: 'return', orderId: order.orderId } })).toBe(1);
    expect((await published(`ret-${returnId}`)).map((e) => [e.event, e.data.kind, e.data.seq])).toEqual([
      ['shipment.label-purchased', 'return', 1],
    ]);
    const staff = await world.req('GET', `/admin/shipments/ret-${returnId}`, { as: world.cast.support });
    expect(staff.body).toMatchObject({ kind: 'return', lines: [{ sku: order.sku, quantity: 2 }] });
    const mine = await world.req('GET', `/orders/${order.orderId}/shipments`, { as: order.who });
    expect((mine.body.rows as { id: string; kind?: string }[]).map((s) => [s.id, s.kind])).toContainEqual([
      `ret-${returnId}`,
      'return',
    ]);
    const pdf = await world.req('GET', `/admin/shipments/ret-${returnId}/label`, { as: world.cast.admin });
    expect(pdf.text).toMatch(/Service: standard \(return\)\nWeight: 600 g/);
  }, 30_000);

  it('moves by the same webhooks, publishes as a return, and the order never counts it', async () => {
    const { trackingNumber } = await labelFor(order, returnId);
    await report(trackingNumber, 'PU');
    await report(trackingNumber, 'DL');
    expect((await col.shipments.get(`ret-${returnId}`))!.status).toBe('delivered');
    expect((await published(`ret-${returnId}`)).map((e) => [e.event, e.data.kind])).toEqual([
      ['shipment.label-purchased', 'return'],
      ['shipment.shipped', 'return'],
      ['shipment.delivered', 'return'],
    ]);
    // The order's own parcel after the return's: handled in turn (same event, same order), so once
    // the order knows of it, it has heard (and dropped) the return's.
    const west = encodeURIComponent(`${order.orderId}:west`);
    expect((await world.req('POST', `/admin/shipments/${west}/ship`, { as: world.cast.admin, body: {} })).status).toBe(200);
    const tracked = await eventually(async () => {
      const ids = (await world.orders.get(order.orderId))?.fulfilment?.shipments.map((s) => s.id) ?? [];
      return ids.includes(`${order.orderId}:west`) && ids;
    }, 10_000);
    expect(tracked).toEqual([`${order.orderId}:west`]);
    expect((await world.orders.get(order.orderId))!.status).toBe('PARTIALLY_SHIPPED');
    // Shipment mails likewise: the order's parcel gets one, the return's none.
    const notices = (world.platform.broker.getLocalService('notifications') as unknown as ShippingThis)
      .store('notifications')
      .collection('notices');
    await eventually(() => notices.get(`${order.orderId}:west:shipment-shipped`), 10_000);
    for (const kind of ['shipment-shipped', 'shipment-delivered'])
      expect(await notices.get(`ret-${returnId}:${kind}`)).toBeNull();
  }, 30_000);

  it('cancels a label the carrier does not have yet, once; refuses a parcel on its way', async () => {
    const other = `r-${randomUUID().slice(0, 8)}`;
    await labelFor(order, other, 1);
    const cancelled = await call('cancelReturnLabel', { returnId: other });
    expect(cancelled).toEqual({ id: `ret-${other}`, status: 'cancelled' });
    expect(await call('cancelReturnLabel', { returnId: other })).toEqual(cancelled);
    expect((await published(`ret-${other}`)).map((e) => [e.event, e.data.kind, e.data.status])).toEqual([
      ['shipment.label-purchased', 'return', 'label_purchased'],
      ['shipment.exception', 'return', 'cancelled'],
    ]);
    expect(await refusal(labelFor(order, other, 1))).toMatchObject({ code: 409, type: 'SHIPMENT_CANCELLED' });
    expect(await refusal(call('cancelReturnLabel', { returnId }))).toMatchObject({ code: 409, type: 'SHIPMENT_ALREADY_SHIPPED' });
    expect(await refusal(call('cancelReturnLabel', { returnId: 'r-none' }))).toMatchObject({ code: 404 });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await col.shipments.count();
    const bad = { returnId: 'r-bad', orderId: order.orderId, userId: order.userId, lines: [] };
    expect(await refusal(call('createReturnLabel', bad))).toMatchObject({ code: 422, fields: ['lines'] });
    const noShipments = { ...bad, orderId: 'o-none', lines: [{ sku: order.sku, quantity: 1 }] };
    expect(await refusal(call('createReturnLabel', noShipments))).toMatchObject({ code: 422, fields: ['warehouse'] });
    expect(await col.shipments.count()).toBe(before);
  });
});

describe('exchange shipments', () => {
  it('ship the new items under the exchange id, addressed from the order, never counted against it', async () => {
    const order = await confirmedOrder();
    const returnId = `r-${randomUUID().slice(0, 8)}`;
    const id = `x-${returnId}`;
    const allocations = [{ sku: order.sku, quantity: 1, allocations: [{ warehouse: 'east', quantity: 1 }] }];
    const params = { id, orderId: order.orderId, userId: order.userId, allocations };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call<{ shipments: Shipment[] }>('createExchangeShipments', params)),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].shipments).toEqual([
      expect.objectContaining({
        id: `${id}:east`,
        orderId: id,
        exchangeFor: returnId,
        sourceOrderId: order.orderId,
        status: 'pending',
      }),
    ]);
    expect(answers[0].shipments[0].kind).toBeUndefined();
    const path = `/admin/shipments/${encodeURIComponent(`${id}:east`)}`;
    expect((await world.req('POST', `${path}/ship`, { as: world.cast.admin, body: {} })).body).toMatchObject({
      shipment: { status: 'in_transit', trackingNumber: expect.stringMatching(/^SBX/) },
    });
    expect((await published(`${id}:east`)).map((e) => [e.event, e.data.orderId, e.data.exchangeFor])).toEqual([
      ['shipment.created', id, returnId],
      ['shipment.label-purchased', id, returnId],
      ['shipment.shipped', id, returnId],
    ]);
    const mismatch = { ...params, id: `x-${returnId}b`, allocations: [{ ...allocations[0], quantity: 2 }] };
    expect(await refusal(call('createExchangeShipments', mismatch))).toMatchObject({ code: 422, fields: ['allocations'] });
    expect((await world.orders.get(order.orderId))!.fulfilment?.shipments ?? []).toEqual([]);
  }, 30_000);
});
