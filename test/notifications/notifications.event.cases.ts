import { randomUUID } from 'node:crypto';
import type { Context } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { ShipmentEvent } from '../../services/shipping/shipments.contract';
import { eventually } from '../support/eventually';
import { sleep, type Cases } from './notifications.fixtures';

const template = (m: { headers: Record<string, string> }) => m.headers['X-Template'].split('@')[0];

/**
 * Notices from the durable events: order status changes (confirmed, cancelled), and shipment
 * mails with the carrier and tracking link, once per (shipment, status).
 */
export function eventCases({ it_, world }: Cases): void {
  it_('answers an order.status-changed event once, however often it is delivered', async () => {
    const w = world();
    const dee = await w.cast.newCustomer();
    const orderId = randomUUID();
    const envelope = {
      id: randomUUID(),
      event: 'order.status-changed',
      occurredAt: Date.now(),
      source: 'orders',
      data: {
        orderId,
        userId: dee.id,
        from: 'CONFIRMED',
        to: 'CANCELLED',
        reason: 'Customer <asked>',
        total: { amount: 1999, currency: 'EUR' },
      },
    };
    await w.platform.broker.emit('order.status-changed', envelope);
    await w.platform.broker.emit('order.status-changed', envelope);
    await eventually(async () => (await w.deliveries({ orderId, channel: 'email' })).length > 0);
    await w.platform.broker.emit('order.status-changed', envelope);
    // A status that sends nothing, then a marker whose mail proves the duplicates were handled before it.
    await w.platform.broker.emit('order.status-changed', {
      ...envelope,
      id: randomUUID(),
      data: { ...envelope.data, to: 'DELIVERED' },
    });
    const marker = randomUUID();
    await w.platform.broker.emit('order.status-changed', {
      ...envelope,
      id: randomUUID(),
      data: { ...envelope.data, orderId: marker, to: 'CONFIRMED' },
    });
    await eventually(async () => (await w.deliveries({ orderId: marker, channel: 'email' })).length > 0);
    await sleep(200);

    const mails = w.mailsTo(dee.email);
    expect(mails.map((m) => m.headers['X-Template'].split('@')[0]).sort()).toEqual(['order-cancelled', 'order-confirmed']);
    expect(w.mailsTo(dee.email, 'order-cancelled')[0].html).toContain('Customer &lt;asked&gt;');
    expect(await w.deliveries({ orderId, channel: 'email' })).toHaveLength(1);
    expect(await w.deliveries({ orderId, status: 'sent' })).toHaveLength(1);
    expect(await w.inboxHas(envelope.id)).toBe(true);
  });

  const shipmentEnvelope = (userId: string, orderId: string, warehouse: string, event: string, seq: number) => {
    const status = event === 'shipment.delivered' ? 'delivered' : 'in_transit';
    const data: ShipmentEvent = {
      shipmentId: `${orderId}:${warehouse}`,
      orderId,
      userId,
      warehouse,
      status,
      lines: [{ sku: 'MUG-RED', quantity: 1 }],
      carrier: 'sandbox',
      trackingNumber: `SBX00000000000${seq}`,
      trackingUrl: `https://track.sandbox-carrier.example/SBX00000000000${seq}?a=1&b=2`,
      seq,
      at: Date.now(),
    };
    return { id: randomUUID(), event, occurredAt: Date.now(), source: 'shipping', v: 1, data };
  };

  it_(
    'mails each shipment’s shipped and delivered once, with the carrier and tracking link; the order’s own SHIPPED and DELIVERED mail nothing',
    async () => {
      const w = world();
      const gus = await w.cast.newCustomer();
      const orderId = randomUUID();
      const emit = (e: EventEnvelope) => w.platform.broker.emit(e.event, e);
      const shippedA = shipmentEnvelope(gus.id, orderId, 'berlin', 'shipment.shipped', 3);
      await emit(shippedA);
      await emit(shippedA);
      // The same shipment and status again under another event id (a newer seq): still one mail.
      await emit({ ...shipmentEnvelope(gus.id, orderId, 'berlin', 'shipment.shipped', 4), id: randomUUID() });
      await emit(shipmentEnvelope(gus.id, orderId, 'hamburg', 'shipment.shipped', 3));
      for (const to of ['SHIPPED', 'DELIVERED'])
        await emit({
          id: randomUUID(),
          event: 'order.status-changed',
          occurredAt: Date.now(),
          source: 'orders',
          data: { orderId, userId: gus.id, from: 'CONFIRMED', to, total: { amount: 100, currency: 'EUR' } },
        });
      const deliveredA = shipmentEnvelope(gus.id, orderId, 'berlin', 'shipment.delivered', 5);
      await emit(deliveredA);
      // Shipped and delivered events are handled side by side: wait for the three mails, then for any extra.
      await eventually(async () => (await w.deliveries({ orderId, status: 'sent' })).length >= 3);
      await sleep(300);

      const mails = w.mailsTo(gus.email);
      expect(mails.map(template).sort()).toEqual(['shipment-delivered', 'shipment-shipped', 'shipment-shipped']);
      const shipped = w.mailsTo(gus.email, 'shipment-shipped').find((m) => m.html?.includes('SBX000000000003'))!;
      expect(shipped.subject).toBe(`Your order ${orderId.replace(/-/g, '').slice(0, 8).toUpperCase()} is on its way`);
      expect(shipped.html).toContain('Sandbox Carrier');
      // The tracking link, HTML-escaped in the mail.
      expect(shipped.html).toContain('href="https://track.sandbox-carrier.example/SBX000000000003?a=1&amp;b=2"');
      expect(w.mailsTo(gus.email, 'shipment-delivered')[0].html).toContain('SBX000000000005');
      const rows = await w.deliveries({ orderId, status: 'sent' });
      expect(rows.map((r) => `${r.template} ${r.shipmentId}`).sort()).toEqual([
        `shipment-delivered ${orderId}:berlin`,
        `shipment-shipped ${orderId}:berlin`,
        `shipment-shipped ${orderId}:hamburg`,
      ]);
      // The notice is marked done, and the event remembered, just after its mail went out.
      const notice = await eventually(async () => {
        const row = await w.notices().get(`${orderId}:berlin:shipment-shipped`);
        return row?.status === 'done' && row;
      });
      expect(notice.shipmentId).toBe(`${orderId}:berlin`);
      await eventually(() => w.inboxHas(deliveredA.id));
    },
  );

  it_('one shipment’s event delivered to several nodes at once sends one mail', async () => {
    const w = world();
    const hal = await w.cast.newCustomer();
    const orderId = randomUUID();
    type Handler = (this: unknown, e: EventEnvelope, ctx: Context) => Promise<void>;
    const service = w.platform.broker.getLocalService('notifications') as unknown as {
      schema: { eventConsumers: Record<string, { handler: Handler }> };
    };
    const { handler } = service.schema.eventConsumers['shipment.shipped'];
    const broker = w.platform.broker;
    const ctx = broker.ContextFactory.create(broker, null as never, {}, {}) as Context;
    // Other event ids for the same (shipment, status), as a republished event would carry.
    const envelopes = [3, 3, 4, 4, 5, 5].map((seq) => shipmentEnvelope(hal.id, orderId, 'berlin', 'shipment.shipped', seq));
    await Promise.all(envelopes.map((e) => handler.call(service, e, ctx)));
    expect(w.mailsTo(hal.email)).toHaveLength(1);
    expect(await w.deliveries({ orderId, channel: 'email' })).toHaveLength(1);
  });
}
