import type { Context } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { applyOnce, INBOX } from '../../mixins/messaging/inbox';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { Reservation } from '../inventory/inventory.contract';
import type { Order, StatusChangedEvent } from '../orders/orders.contract';
import type { SkuInfo } from '../products/products.contract';
import { SANDBOX } from './carriers/sandbox.carrier';
import { planShipments, type PlanInput } from './domain/plan';
import type { Shipment } from './shipments.contract';
import { FulfilmentCancel } from './shipping.cancel';
import type { ShippingThis } from './shipping.methods';
import { ShipmentLifecycle, type LabelInput } from './shipping.shipments';

/** What shipments read from other services, as the platform (never as the caller). */
export const AS_PLATFORM = { meta: { user: SYSTEM_PRINCIPAL } };

interface ShipmentParts {
  lifecycle: ShipmentLifecycle;
  cancel: FulfilmentCancel;
}
const partsOf = new WeakMap<ShippingThis, ShipmentParts>();

/** The shipments' parts of one service instance, over its `shipments` store and its carriers. */
export function shipmentParts(svc: ShippingThis): ShipmentParts {
  let parts = partsOf.get(svc);
  if (parts) return parts;
  const store = svc.store('shipments');
  const carrier = (id: string) => svc.carriers().require(id);
  const published = () => {
    svc.flushOutbox().catch((err: Error) => svc.logger.warn(`Outbox flush after a shipment change: ${err.message}`));
  };
  parts = {
    lifecycle: new ShipmentLifecycle({ store, carrier, published, labelInput: (s) => labelInput(svc, s) }),
    cancel: new FulfilmentCancel({ store, carrier, published }),
  };
  partsOf.set(svc, parts);
  return parts;
}

/** The order's address and the parcel's weight (catalog weights; a variant without one counts 0 g). */
export async function labelInput(svc: ShippingThis, s: Shipment): Promise<LabelInput> {
  const [order, skus] = await Promise.all([
    svc.broker.call<Order, { orderId: string }>('orders.get', { orderId: s.sourceOrderId ?? s.orderId }, AS_PLATFORM),
    svc.broker.call<SkuInfo[], { skus: string[] }>('products.variantsBySku', { skus: s.lines.map((l) => l.sku) }, AS_PLATFORM),
  ]);
  const grams = new Map(skus.map((v) => [v.sku, v.weightG ?? 0]));
  const { name, line1, city, postalCode, country } = order.shippingAddress;
  return {
    weightG: s.lines.reduce((sum, l) => sum + (grams.get(l.sku) ?? 0) * l.quantity, 0),
    to: { name, line1, city, postalCode, country },
  };
}

/**
 * Creates the order's shipments (idempotent: see ShipmentLifecycle.create), planned from the order
 * (items, owner, `shipping` snapshot) and where its reservation took the stock from.
 */
export function createForOrder(svc: ShippingThis, orderId: string) {
  return shipmentParts(svc).lifecycle.create(orderId, async () => {
    const [order, reservation] = await Promise.all([
      svc.broker.call<Order, { orderId: string }>('orders.get', { orderId }, AS_PLATFORM),
      svc.broker.call<Reservation, { orderId: string }>('inventory.getReservation', { orderId }, AS_PLATFORM),
    ]);
    return planShipments(planInput(order, reservation));
  });
}

/** The plan's input: items, owner, the allocation, and the carrier from the order's shipping snapshot (none: sandbox, standard). */
export const planInput = (order: Order, reservation: Pick<Reservation, 'lines'>): PlanInput => ({
  orderId: order.id,
  userId: order.userId,
  items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
  allocations: reservation.lines,
  carrier: order.shipping?.carrier ?? SANDBOX,
  serviceLevel: order.shipping?.serviceLevel ?? 'standard',
  ...(order.shipping?.methodId ? { methodId: order.shipping.methodId } : {}),
});

const orderIdOf = (envelope: EventEnvelope) => (envelope.data as Partial<StatusChangedEvent> | undefined)?.orderId;

/**
 * `order.status-changed` to CONFIRMED → the order's shipments. Durable and deduplicated twice: the
 * inbox row skips a redelivery before any call, and the shipments' ids make a racing second
 * creation a no-op. A failure (orders or inventory unreachable) throws: the bus delivers it again.
 */
export const shipmentConsumers = {
  'order.status-changed': {
    key: (envelope: EventEnvelope) => orderIdOf(envelope),
    async handler(this: ShippingThis, envelope: EventEnvelope, _ctx: Context): Promise<void> {
      const data = envelope.data as Partial<StatusChangedEvent> | undefined;
      if (typeof data?.orderId !== 'string' || typeof data.to !== 'string') {
        this.logger.warn(`Ignoring a malformed order.status-changed event ${String(envelope?.id)}`);
        return;
      }
      if (data.to !== 'CONFIRMED') return;
      const store = this.store('shipments');
      if (await store.collection(INBOX.name).get(envelope.id)) return;
      await createForOrder(this, data.orderId);
      await applyOnce(store, envelope, []);
    },
  },
};
