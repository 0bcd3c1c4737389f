import { applyOnce } from '../../mixins/messaging/inbox';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { SHIPMENT_STATUSES, type ShipmentEvent } from '../shipping/shipments.contract';
import { takeShipmentEvent } from './order.fulfilment';
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

/**
 * Takes one shipment event into its order (order.fulfilment.ts decides): the shipment's new state,
 * the log entry, and a status change with its `order.status-changed` outbox row, in one unit with
 * the inbox record, against the order's version. A redelivered event finds its inbox record; an
 * older one (seq) changes nothing; a lost race re-reads and decides again.
 */
async function onShipmentEvent(this: OrdersThis, envelope: EventEnvelope): Promise<void> {
  const event = envelope?.data;
  if (typeof envelope?.id !== 'string' || !isShipmentEvent(event)) {
    this.logger.warn(`Ignoring a malformed ${String(envelope?.event)} event ${String(envelope?.id)}`);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    const order = await this.orders().get(event.orderId);
    if (!order) {
      this.logger.warn(`Shipment ${event.shipmentId} names order ${event.orderId}, which does not exist`);
      return;
    }
    const at = Date.now();
    const decision = takeShipmentEvent(order, event, at);
    if (!decision.recorded) return;
    const { next, logEntry, published } = decision;
    const ops = orderChangeOps(order, next, logEntry, published, at, { fulfilment: next.fulfilment });
    try {
      const fresh = await applyOnce(this.store('orders'), envelope, ops);
      if (fresh && published) await this.afterChange({ ...published, at }, fresh);
      return;
    } catch (err) {
      if (attempt < CHANGE_ATTEMPTS && LOST_RACE.some((E) => err instanceof E)) continue;
      throw err;
    }
  }
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
