import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { Order } from '../../services/orders/orders.contract';
import { eventually } from '../support/eventually';
import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 90_000);
afterAll(() => w?.platform.stop());

const { checkout, view, step, shipment, expectConsistent } = orderHelpers(() => w);

/** A confirmed order of `quantity` MUG-RED, with its two warehouses' shipment ids. */
async function confirmedOrder(quantity = 3) {
  const who = await w.cast.newCustomer();
  await w.fillCart(who, [['MUG-RED', quantity]]);
  const id = (await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' })).body.id as string;
  await step('confirm', id, `${id}:confirm-order`);
  return { who, id, A: `${id}:berlin`, B: `${id}:hamburg` };
}
const stored = async (id: string) => (await w.orders.get(id))!;
const published = (id: string) => w.sagas.statusEvents.filter((e) => e.orderId === id).map((e) => e.to);

describe('an order follows its shipments', () => {
  it('one line of 3 in two shipments: PARTIALLY_SHIPPED, SHIPPED, still SHIPPED at one delivery, DELIVERED at both', async () => {
    const order = await confirmedOrder();
    const statusAfter = async (ship: Parameters<typeof shipment>[1]) => {
      await shipment(order, ship);
      return (await view(order.id, order.who)).status;
    };
    expect(await statusAfter({ id: order.A, status: 'in_transit', quantity: 2, seq: 3 })).toBe('PARTIALLY_SHIPPED');
    expect(await statusAfter({ id: order.B, status: 'in_transit', quantity: 1, seq: 3 })).toBe('SHIPPED');
    expect(await statusAfter({ id: order.A, status: 'delivered', quantity: 2, seq: 5 })).toBe('SHIPPED');
    expect(await statusAfter({ id: order.B, status: 'delivered', quantity: 1, seq: 4 })).toBe('DELIVERED');

    const shown = await view(order.id, order.who);
    expect(shown.fulfilment).toEqual({ status: 'DELIVERED', lines: [{ sku: 'MUG-RED', ordered: 3, shipped: 3, delivered: 3 }] });
    expect(shown.history.map((h) => [h.from, h.to])).toEqual([
      [undefined, 'PENDING'],
      ['PENDING', 'CONFIRMED'],
      ['CONFIRMED', 'PARTIALLY_SHIPPED'],
      ['PARTIALLY_SHIPPED', 'SHIPPED'],
      ['SHIPPED', 'DELIVERED'],
    ]);
    // Four shipment entries in the log (one of them moved nothing); the stored order is its replay.
    expect(await expectConsistent(order.id)).toMatchObject({ status: 'DELIVERED', version: 6 });
    const seen = await eventually(async () => published(order.id).length === 4 && published(order.id));
    expect(seen.sort()).toEqual(['CONFIRMED', 'DELIVERED', 'PARTIALLY_SHIPPED', 'SHIPPED']);
  });

  it('a delivered event before its shipped one counts; the late one, a repeated seq and a redelivery change nothing', async () => {
    const order = await confirmedOrder();
    const delivered = await shipment(order, { id: order.A, status: 'delivered', quantity: 2, seq: 5 });
    expect((await view(order.id, order.who)).status).toBe('PARTIALLY_SHIPPED');
    const before = await stored(order.id);

    await shipment(order, { id: order.A, status: 'in_transit', quantity: 2, seq: 3 }, { wait: false });
    await shipment(order, { id: order.A, status: 'out_for_delivery', quantity: 2, seq: 5 }, { wait: false });
    await w.platform.broker.emit(delivered.event, delivered);
    // Handled after the three above (one order's events of one name in turn): only these two are written.
    await shipment(order, { id: order.B, status: 'in_transit', quantity: 1, seq: 3 });
    await shipment(order, { id: order.B, status: 'delivered', quantity: 1, seq: 4 });

    const after = await stored(order.id);
    expect(after.version).toBe(before.version! + 2);
    expect(after.fulfilment?.shipments.map((s) => [s.id, s.status, s.seq])).toEqual([
      [order.A, 'delivered', 5],
      [order.B, 'delivered', 4],
    ]);
    expect((await expectConsistent(order.id)).status).toBe('DELIVERED');
    expect((await view(order.id, order.who)).history.map((h) => h.to)).toEqual([
      'PENDING',
      'CONFIRMED',
      'PARTIALLY_SHIPPED',
      'SHIPPED',
      'DELIVERED',
    ]);
  });

  it('a cancelled order records its shipment events and stays CANCELLED; no status event is published for them', async () => {
    const order = await confirmedOrder();
    await step('markCancelled', order.id, `cancel:${order.id}:mark-cancelled`, 'changed my mind');
    await shipment(order, { id: order.A, status: 'in_transit', quantity: 3, seq: 3 });
    const shown = await view(order.id, order.who);
    expect([shown.status, shown.fulfilment.status, shown.history.map((h) => h.to)]).toEqual([
      'CANCELLED',
      'SHIPPED',
      ['PENDING', 'CONFIRMED', 'CANCELLED'],
    ]);
    expect(await expectConsistent(order.id)).toMatchObject({ status: 'CANCELLED', version: 4 });
    await eventually(async () => published(order.id).length === 2);
    expect(published(order.id).sort()).toEqual(['CANCELLED', 'CONFIRMED']);
  });

  it('once any of it shipped the customer cancel answers 409 ORDER_ALREADY_SHIPPED and starts no saga', async () => {
    const order = await confirmedOrder();
    await shipment(order, { id: order.A, status: 'in_transit', quantity: 1, seq: 3 });
    const res = await w.req('POST', `/orders/${order.id}/cancel`, { as: order.who, body: {} });
    expect([res.status, res.body.error?.type]).toEqual([409, 'ORDER_ALREADY_SHIPPED']);
    expect(w.sagas.started.has(`cancel:${order.id}`)).toBe(false);
    expect((await stored(order.id)).status).toBe('PARTIALLY_SHIPPED');
  });

  it('shipment events of one order handled at once (other nodes) each land once: a lost race re-reads', async () => {
    const order = await confirmedOrder();
    type Handler = (this: unknown, e: EventEnvelope, ctx: unknown) => Promise<void>;
    const service = w.platform.broker.getLocalService('orders') as unknown as {
      schema: { eventConsumers: Record<string, { handler: Handler }> };
    };
    const { handler } = service.schema.eventConsumers['shipment.shipped'];
    const envelopes = [1, 2, 3].map((n) => ({
      id: randomUUID(),
      event: 'shipment.shipped',
      occurredAt: Date.now(),
      source: 'shipping',
      data: {
        shipmentId: `${order.id}:wh${n}`,
        orderId: order.id,
        userId: order.who.id,
        warehouse: `wh${n}`,
        status: 'in_transit',
        lines: [{ sku: 'MUG-RED', quantity: 1 }],
        carrier: 'sandbox',
        seq: 3,
        at: Date.now(),
      },
    }));
    // Each one twice: a redelivery racing the first delivery.
    await Promise.all([...envelopes, ...envelopes].map((e) => handler.call(service, e, {})));
    const after: Order = await expectConsistent(order.id);
    expect([after.status, after.version, after.fulfilment?.shipments.length]).toEqual(['SHIPPED', 5, 3]);
    expect((await view(order.id, order.who)).history.map((h) => h.to)).toEqual([
      'PENDING',
      'CONFIRMED',
      'PARTIALLY_SHIPPED',
      'SHIPPED',
    ]);
    const seen = await eventually(async () => published(order.id).length >= 3 && published(order.id));
    expect(seen.sort()).toEqual(['CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED']);
  });
});
