import { deriveFulfilment } from '../shipping/domain/fulfilment';
import type { FulfilmentStatus, ShipmentEvent } from '../shipping/shipments.contract';
import { canTransition, changeStatus, eventId, transition } from './order.aggregate';
import type {
  FulfilmentChange,
  FulfilmentView,
  Order,
  OrderEvent,
  OrderStatus,
  StatusChangedEvent,
  TrackedShipment,
} from './orders.contract';

/**
 * How shipment events move an order (pure). The order keeps the last word it heard of each
 * shipment (status, lines, seq); its status follows what the shipped and delivered quantities per
 * line say, never from a button, and never backwards.
 */

const ORDER_STATUS_OF: Record<FulfilmentStatus, OrderStatus | null> = {
  UNFULFILLED: null,
  PARTIALLY_SHIPPED: 'PARTIALLY_SHIPPED',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
};

/** Ordered, shipped and delivered per SKU, and the status those quantities mean. */
export function fulfilmentOf(order: Pick<Order, 'items' | 'fulfilment'>): FulfilmentView {
  const items = order.items.map(({ sku, quantity }) => ({ sku, quantity }));
  return deriveFulfilment(items, order.fulfilment?.shipments ?? []);
}

/** The order with `shipment` as its latest word on that shipment; kept sorted by id, so a write and a replay agree. */
export function withShipment(order: Order, shipment: TrackedShipment): Order {
  const others = (order.fulfilment?.shipments ?? []).filter((s) => s.id !== shipment.id);
  const shipments = [...others, shipment].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...order, fulfilment: { shipments } };
}

/** The entry that takes the order from version `seq - 1` to `seq`. */
export function fulfilmentEvent(orderId: string, seq: number, at: number, data: FulfilmentChange): OrderEvent {
  return { id: eventId(orderId, seq), orderId, seq, type: 'fulfilment-changed', at, data };
}

/** A fulfilment entry applied to the order it follows (replay); the status part goes through the machine. */
export function applyFulfilment(order: Order, at: number, data: FulfilmentChange): Order {
  const next = withShipment(order, data.shipment);
  return data.status ? transition(next, data.status.to, at, data.status.reason) : { ...next, updatedAt: at };
}

export type ShipmentDecision =
  { recorded: false } | { recorded: true; next: Order; logEntry: OrderEvent; published?: StatusChangedEvent };

/**
 * What a shipment event does to the order: nothing when the order already heard this shipment at
 * this `seq` or later (a redelivery, a late event); otherwise the shipment is recorded, and the
 * status moves when the derived one is another the machine allows from here. A CANCELLED or
 * REJECTED order records it and stays; so does one whose derived status would move it backwards.
 */
export function takeShipmentEvent(order: Order, event: ShipmentEvent, at: number): ShipmentDecision {
  const known = order.fulfilment?.shipments.find((s) => s.id === event.shipmentId);
  if (known && event.seq <= known.seq) return { recorded: false };
  const shipment: TrackedShipment = {
    id: event.shipmentId,
    status: event.status,
    lines: event.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    seq: event.seq,
  };
  const tracked = withShipment(order, shipment);
  const seq = (order.version ?? 1) + 1;
  const to = ORDER_STATUS_OF[fulfilmentOf(tracked).status];
  if (!to || to === order.status || !canTransition(order.status, to))
    return { recorded: true, next: { ...tracked, updatedAt: at }, logEntry: fulfilmentEvent(order.id, seq, at, { shipment }) };
  const decision = changeStatus(tracked, to, at);
  if (!decision.changed) throw new Error('unreachable: a change to another status');
  const logEntry = fulfilmentEvent(order.id, seq, at, { shipment, status: { from: order.status, to } });
  return { recorded: true, next: decision.next, logEntry, published: decision.published };
}
