import type { ShipmentEvent, ShipmentStatus } from '../shipping/shipments.contract';
import { changeStatus, createdEvent } from './order.aggregate';
import { fulfilmentOf, takeShipmentEvent } from './order.fulfilment';
import type { Order, OrderEvent, OrderStatus } from './orders.contract';
import { historyFromLog, replay } from './orders.events';
import { placedOrder } from './orders.spec-fixtures';

const placed = placedOrder(3);

const event = (shipmentId: string, status: ShipmentStatus, quantity: number, seq: number): ShipmentEvent => ({
  shipmentId,
  orderId: 'o1',
  userId: 'u1',
  warehouse: shipmentId.split(':')[1],
  status,
  lines: [{ sku: 'MUG', quantity }],
  carrier: 'sandbox',
  seq,
  at: 0,
});

/** The service's loop in small: take each event, keep what was recorded, and check the log replays to it. */
function run(path: OrderStatus[], events: ShipmentEvent[]) {
  const log: OrderEvent[] = [createdEvent(placed)];
  let order: Order = placed;
  for (const to of path) {
    const change = changeStatus(order, to, 150);
    if (!change.changed) throw new Error('no change');
    order = { ...change.next, version: change.logEntry.seq };
    log.push(change.logEntry);
  }
  const statuses: OrderStatus[] = [];
  const published: string[] = [];
  events.forEach((e, i) => {
    const decision = takeShipmentEvent(order, e, 200 + i);
    if (decision.recorded) {
      order = { ...decision.next, version: decision.logEntry.seq };
      log.push(decision.logEntry);
      if (decision.published) published.push(`${decision.published.from}>${decision.published.to}`);
    }
    statuses.push(order.status);
    expect(replay(log)).toEqual(order);
  });
  return { order, log, statuses, published };
}

const [A, B] = ['o1:berlin', 'o1:hamburg'];

describe('an order following its shipments', () => {
  it('one line of 3 split across two shipments: partly shipped, shipped, still shipped at one delivery, delivered at both', () => {
    const { order, statuses, published, log } = run(
      ['CONFIRMED'],
      [event(A, 'in_transit', 2, 3), event(B, 'in_transit', 1, 3), event(A, 'delivered', 2, 5), event(B, 'delivered', 1, 4)],
    );
    expect(statuses).toEqual(['PARTIALLY_SHIPPED', 'SHIPPED', 'SHIPPED', 'DELIVERED']);
    expect(published).toEqual(['CONFIRMED>PARTIALLY_SHIPPED', 'PARTIALLY_SHIPPED>SHIPPED', 'SHIPPED>DELIVERED']);
    expect(fulfilmentOf(order)).toEqual({ status: 'DELIVERED', lines: [{ sku: 'MUG', ordered: 3, shipped: 3, delivered: 3 }] });
    // Every event is logged; only the three changes are history rows.
    expect(log).toHaveLength(6);
    expect(historyFromLog(log).map((r) => r.to)).toEqual(['PENDING', 'CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED']);
  });

  it('a delivered event before its shipped one counts; the late shipped one (older seq) is dropped', () => {
    const { order, statuses } = run(
      ['CONFIRMED'],
      [event(A, 'delivered', 2, 5), event(A, 'in_transit', 2, 3), event(B, 'delivered', 1, 4)],
    );
    expect(statuses).toEqual(['PARTIALLY_SHIPPED', 'PARTIALLY_SHIPPED', 'DELIVERED']);
    expect(order.fulfilment?.shipments.map((s) => [s.id, s.status, s.seq])).toEqual([
      [A, 'delivered', 5],
      [B, 'delivered', 4],
    ]);
  });

  it('an old or repeated seq changes nothing, not even the version', () => {
    const { order } = run(['CONFIRMED'], [event(A, 'out_for_delivery', 2, 4)]);
    for (const stale of [event(A, 'in_transit', 2, 3), event(A, 'out_for_delivery', 2, 4)])
      expect(takeShipmentEvent(order, stale, 999)).toEqual({ recorded: false });
  });

  it('a cancelled order records what it hears and never moves; a shipped one never goes back', () => {
    const { order, published, statuses } = run(
      ['CONFIRMED', 'CANCELLED'],
      [event(A, 'in_transit', 2, 3), event(B, 'delivered', 1, 4)],
    );
    expect(statuses).toEqual(['CANCELLED', 'CANCELLED']);
    expect([published, order.fulfilment?.shipments.length, order.version]).toEqual([[], 2, 5]);
    // A shipment split after handover reports fewer units: the order stays SHIPPED, not PARTIALLY_SHIPPED.
    const shipped = run(['CONFIRMED'], [event(A, 'in_transit', 3, 3), event(A, 'in_transit', 2, 4)]);
    expect(shipped.statuses).toEqual(['SHIPPED', 'SHIPPED']);
  });
});
