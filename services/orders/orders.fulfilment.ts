import { applyOnce } from '../../mixins/messaging/inbox';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { SHIPMENT_STATUSES, type ShipmentEvent } from '../shipping/shipments.contract';
import { takeShipmentEvent } from './order.fulfilment';
import type { Order, OrderEvent, StatusChangedEvent } from './orders.contract';
import { CHANGE_ATTEMPTS, LOST_RACE, orderChangeOps, type OrdersThis } from './orders.methods';

const isLine = (l: unknown) =>
  typeof (l as { sku?: unknown })?.sku === 'string' && Number.isSafeInteger((l as { quantity?: unknown }).quantity);

/** Only what the order reads; anything else of the payload is the shipping service's. */
const isShipmentEvent = (d: unknown): d is ShipmentEvent => {
  const e = d as Partial<ShipmentEvent> | undefined;
  return (
    typeof e?.orderId === 'string' &&
    typeof e.shipmentId === 'string' &&
    Number.isSafeInteger(e.seq) &&
    SHIPMENT_STATUSES.includes(e.status as never) &&
    Array.isArray(e.lines) &&
    e.lines.every(isLine)
  );
};

type Decision = { recorded: false } | { recorded: true; next: Order; logEntry: OrderEvent; published?: StatusChangedEvent };

/**
 * An event about an order (a shipment's, a return's) into the order: `decide` against the order
 * read, then the order's new `field`, the log entry and any `order.status-changed` outbox row in one
 * unit with the inbox record, against the order's version. A redelivered event finds its inbox
 * record; one `decide` drops (an older seq) changes nothing; a lost race re-reads and decides again.
 */
export async function intoOrder(
  svc: OrdersThis,
  envelope: EventEnvelope,
  orderId: string,
  field: 'fulfilment' | 'returns',
  decide: (order: Order, at: number) => Decision,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const order = await svc.orders().get(orderId);
    if (!order) {
      svc.logger.warn(`${envelope.event} ${envelope.id} names order ${orderId}, which does not exist`);
      return;
    }
    const at = Date.now();
    const decision = decide(order, at);
    if (!decision.recorded) return;
    const { next, logEntry, published } = decision;
    const ops = orderChangeOps(order, next, logEntry, published, at, { [field]: next[field] });
    try {
      const fresh = await applyOnce(svc.store('orders'), envelope, ops);
      if (fresh && published) await svc.afterChange({ ...published, at }, fresh);
      return;
    } catch (err) {
      if (attempt < CHANGE_ATTEMPTS && LOST_RACE.some((E) => err instanceof E)) continue;
      throw err;
    }
  }
}

/** Takes one shipment event into its order (order.fulfilment.ts decides the shipment's state and any status change). */
async function onShipmentEvent(this: OrdersThis, envelope: EventEnvelope): Promise<void> {
  const event = envelope?.data;
  if (typeof envelope?.id !== 'string' || !isShipmentEvent(event)) {
    this.logger.warn(`Ignoring a malformed ${String(envelope?.event)} event ${String(envelope?.id)}`);
    return;
  }
  // A return's parcel and an exchange's new items (orderId: the exchange's id) fulfil no order line.
  if (event.kind === 'return' || event.exchangeFor) return;
  await intoOrder(this, envelope, event.orderId, 'fulfilment', (order, at) => takeShipmentEvent(order, event, at));
}

const byOrder = (envelope: EventEnvelope) => (envelope.data as { orderId?: string } | undefined)?.orderId;

/**
 * Durable consumers of the shipments' events from their handover on (created and label-purchased
 * never move an order). One order's events of one name are handled in turn; a shipped and a
 * delivered one may run side by side (as on two nodes), which the order's version settles.
 */
export const fulfilmentConsumers = {
  'shipment.shipped': { key: byOrder, handler: onShipmentEvent },
  'shipment.delivered': { key: byOrder, handler: onShipmentEvent },
  'shipment.exception': { key: byOrder, handler: onShipmentEvent },
};
