import type { Order, OrderEvent, OrderStatus } from './orders.contract';
import { createdEvent, statusEvent, transition } from './order.aggregate';
import { historyFromLog, replay } from './orders.events';
import { placedOrder } from './orders.spec-fixtures';

const placed = placedOrder(2);

/** What the service does: apply a transition to the stored order and append its event. */
function step(order: Order, log: OrderEvent[], to: OrderStatus, at: number, reason?: string): Order {
  const next = { ...transition(order, to, at, reason), version: order.version! + 1 };
  log.push(statusEvent(order.id, next.version, at, { from: order.status, to, reason }));
  return next;
}

describe('replay', () => {
  it('rebuilds the order after every transition of each path through the machine', () => {
    const paths: [OrderStatus, string?][][] = [
      [['CONFIRMED'], ['SHIPPED'], ['DELIVERED']],
      [['REJECTED', 'out of stock']],
      [['CANCELLED', 'payment declined']],
      [['CONFIRMED'], ['CANCELLED', 'cancelled by the customer']],
    ];
    for (const path of paths) {
      let order = placed;
      const log = [createdEvent(placed)];
      expect(replay(log)).toEqual(order);
      path.forEach(([to, reason], i) => {
        order = step(order, log, to, 200 + i, reason);
        expect(replay(log)).toEqual(order);
        // The log may arrive in any order (a scan): replay sorts by sequence.
        expect(replay([...log].reverse())).toEqual(order);
      });
    }
  });

  it('an unknown order replays to null', () => {
    expect(replay([])).toBeNull();
  });

  it('refuses a damaged log rather than guess', () => {
    const log = [createdEvent(placed)];
    const confirmed = step(placed, log, 'CONFIRMED', 200);
    step(confirmed, log, 'SHIPPED', 300);
    expect(() => replay([log[0], log[2]])).toThrow(/expected entry 2/);
    expect(() => replay(log.slice(1))).toThrow(/expected entry 1/);
    const wrongFrom = statusEvent('o1', 2, 200, { from: 'CONFIRMED', to: 'SHIPPED' });
    expect(() => replay([log[0], wrongFrom])).toThrow(/leaves CONFIRMED/);
    const illegal = statusEvent('o1', 2, 200, { from: 'PENDING', to: 'DELIVERED' });
    expect(() => replay([log[0], illegal])).toThrow(expect.objectContaining({ type: 'ILLEGAL_TRANSITION' }));
  });

  it('keeps the created snapshot apart from the log entry (no shared references)', () => {
    const log = [createdEvent(placed)];
    const rebuilt = replay(log)!;
    rebuilt.items[0].quantity = 99;
    expect((log[0].data as Order).items[0].quantity).toBe(2);
  });
});

describe('historyFromLog', () => {
  it('gives the PENDING row for the created entry and one row per change, by sequence, reasons kept', () => {
    const log = [createdEvent(placed)];
    step(step(placed, log, 'CONFIRMED', 200), log, 'CANCELLED', 300, 'cancelled by the customer');
    expect(historyFromLog([...log].reverse())).toEqual([
      { orderId: placed.id, to: 'PENDING', at: placed.createdAt },
      { orderId: placed.id, from: 'PENDING', to: 'CONFIRMED', at: 200 },
      { orderId: placed.id, from: 'CONFIRMED', to: 'CANCELLED', at: 300, reason: 'cancelled by the customer' },
    ]);
    expect(historyFromLog([])).toEqual([]);
  });
});
