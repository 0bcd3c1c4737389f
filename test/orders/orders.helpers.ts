import { randomUUID } from 'node:crypto';
import type { OrderView, TransitionResult } from '../../services/orders/orders.contract';
import type { ShipmentEvent, ShipmentStatus } from '../../services/shipping/shipments.contract';
import { eventually } from '../support/eventually';
import type { Identity } from '../support/identities';
import { SHIPPING, type World } from './orders.fixtures';

/** The orders specs' shared steps, over the world `world()` returns once started. */
export function orderHelpers(world: () => World) {
  const key = () => `key-${randomUUID()}`;
  /** `k` null sends no Idempotency-Key header at all. */
  const checkout = (as: Identity, body: Record<string, unknown>, k: string | null = key()) =>
    world().req('POST', '/orders', { as, body, key: k ?? undefined });
  const view = async (id: string, as: Identity) =>
    (await world().req('GET', `/orders/${id}`, { as })).body as unknown as OrderView;
  const step = (action: string, orderId: string, stepKey: string, reason?: string) =>
    world().system<TransitionResult>(`orders.${action}`, reason ? { orderId, reason } : { orderId }, { idempotencyKey: stepKey });
  const ordersOf = async (userId: string) => world().orders.count({ filter: { userId } });

  /** A customer with something in the cart and a card; returns what checkout needs. */
  async function shopper(
    lines: [string, number][] = [
      ['MUG-RED', 2],
      ['POSTER-A', 1],
    ],
  ) {
    const who = await world().cast.newCustomer();
    await world().fillCart(who, lines);
    return who;
  }

  /** An order placed through the API, PENDING. */
  async function placed(): Promise<{ who: Identity; id: string }> {
    const who = await shopper();
    const res = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(res.status).toBe(202);
    return { who, id: res.body.id as string };
  }

  /** The stored order equals its event log replayed, and the history store holds a row per status reached. */
  async function expectConsistent(id: string) {
    const { historyFromLog, replay } = await import('../../services/orders/orders.events');
    const stored = await world().orders.get(id);
    expect(replay(await world().events.find({ filter: { orderId: id } }))).toEqual(stored);
    const statuses = (await view(id, world().cast.admin)).history.map((h) => h.to);
    const log = await world().events.find({ filter: { orderId: id }, sort: ['seq'] });
    expect(statuses).toEqual(historyFromLog(log).map((row) => row.to));
    return stored!;
  }
  /**
   * Emits `event` as its publisher's outbox would; with `wait`, until the orders consumer took it in
   * (its inbox record). One order's events of one name are handled in turn, so an event of that name
   * emitted before a waited-for one has been handled too (taken in or dropped).
   */
  async function publish(event: string, data: unknown, opts: { wait?: boolean; envelopeId?: string } = {}) {
    const source = event.startsWith('shipment.') ? 'shipping' : 'returns';
    const envelope = { id: opts.envelopeId ?? randomUUID(), event, occurredAt: Date.now(), source, v: 1, data };
    await world().platform.broker.emit(event, envelope);
    if (opts.wait !== false) {
      const inbox = world().ordersStore.collection('inbox');
      await eventually(async () => (await inbox.get(envelope.id)) !== null);
    }
    return envelope;
  }

  /** A shipment event of one line (MUG-RED unless named), published as shipping would. */
  async function shipment(
    order: { id: string; who: Identity },
    ship: { id: string; status: ShipmentStatus; quantity: number; seq: number; sku?: string },
    opts: { wait?: boolean; envelopeId?: string } = {},
  ) {
    const data: ShipmentEvent = {
      shipmentId: ship.id,
      orderId: order.id,
      userId: order.who.id,
      warehouse: 'main',
      status: ship.status,
      lines: [{ sku: ship.sku ?? 'MUG-RED', quantity: ship.quantity }],
      carrier: 'sandbox',
      trackingNumber: 'SBX000000000001',
      seq: ship.seq,
      at: Date.now(),
    };
    return publish(ship.status === 'delivered' ? 'shipment.delivered' : 'shipment.shipped', data, opts);
  }

  return { key, checkout, view, step, ordersOf, shopper, placed, expectConsistent, publish, shipment };
}
