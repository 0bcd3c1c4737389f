import type { ReturnEvent, ReturnStatus } from '../returns/returns.contract';
import { changeStatus, createdEvent } from './order.aggregate';
import { returnsView, takeReturnEvent } from './order.returns';
import type { Order, OrderEvent } from './orders.contract';
import { replay } from './orders.events';
import { placedOrder } from './orders.spec-fixtures';

type Units = { quantity: number; received?: number; missing?: number; refunded?: number };

const event = (returnId: string, status: ReturnStatus, seq: number, units: Units): ReturnEvent => ({
  returnId,
  rma: `RMA-${returnId}`,
  orderId: 'o1',
  userId: 'u1',
  status,
  resolution: 'refund',
  lines: [{ sku: 'MUG', received: 0, missing: 0, refunded: 0, restocked: 0, writtenOff: 0, ...units }],
  at: 0,
  seq,
});

/** A delivered order of 2 mugs taking `events` in turn: the view after each, and the log replaying to the order each time. */
function run(events: ReturnEvent[]) {
  let order: Order = placedOrder(2);
  const log: OrderEvent[] = [createdEvent(order)];
  for (const to of ['CONFIRMED', 'DELIVERED'] as const) {
    const change = changeStatus(order, to, 150);
    if (!change.changed) throw new Error('no change');
    order = { ...change.next, version: change.logEntry.seq };
    log.push(change.logEntry);
  }
  const views = events.map((e, i) => {
    const decision = takeReturnEvent(order, e, 200 + i);
    if (decision.recorded) {
      order = { ...decision.next, version: decision.logEntry.seq };
      log.push(decision.logEntry);
    }
    expect(replay(log)).toEqual(order);
    return returnsView(order);
  });
  return { order, log, views, statuses: views.map((v) => v.returnStatus) };
}

describe('an order following its returns', () => {
  it('asked back, one unit received and refunded, then the other: requested, partly returned, returned', () => {
    const { order, views, statuses } = run([
      event('r1', 'approved', 1, { quantity: 2 }),
      event('r1', 'partially_received', 2, { quantity: 2, received: 1 }),
      event('r1', 'partially_received', 3, { quantity: 2, received: 1, refunded: 1 }),
      event('r1', 'received', 4, { quantity: 2, received: 2, refunded: 1 }),
      event('r1', 'refunded', 5, { quantity: 2, received: 2, refunded: 2 }),
    ]);
    expect(statuses).toEqual(['RETURN_REQUESTED', 'PARTIALLY_RETURNED', 'PARTIALLY_RETURNED', 'RETURNED', 'RETURNED']);
    expect(views.map((v) => [v.items[0].returned, v.items[0].refunded])).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 1],
      [2, 2],
    ]);
    expect(views[4].returns).toEqual([{ id: 'r1', rma: 'RMA-r1', status: 'refunded' }]);
    // The order's own status stays where its shipments left it.
    expect([order.status, order.version]).toEqual(['DELIVERED', 8]);
  });

  it('a request alone is RETURN_REQUESTED; a rejected or cancelled one leaves no return status', () => {
    expect(run([event('r1', 'requested', 1, { quantity: 1 })]).statuses).toEqual(['RETURN_REQUESTED']);
    const { statuses, views } = run([
      event('r1', 'requested', 1, { quantity: 1 }),
      event('r1', 'rejected', 2, { quantity: 1 }),
      event('r2', 'cancelled', 3, { quantity: 2 }),
    ]);
    expect(statuses).toEqual(['RETURN_REQUESTED', null, null]);
    expect(views[2].returns.map((r) => r.status)).toEqual(['rejected', 'cancelled']);
    expect(views[2].items[0]).toMatchObject({ returned: 0, refunded: 0 });
  });

  it('one unit back in one return and the other asked in a second: partly returned until the second arrives', () => {
    const { statuses } = run([
      event('r1', 'closed', 6, { quantity: 1, received: 1, refunded: 1 }),
      event('r2', 'label_issued', 2, { quantity: 1 }),
      event('r2', 'received', 3, { quantity: 1, received: 1 }),
    ]);
    expect(statuses).toEqual(['PARTIALLY_RETURNED', 'PARTIALLY_RETURNED', 'RETURNED']);
  });

  it('a unit declared missing is no longer asked back, nor returned', () => {
    const { views } = run([event('r1', 'received', 3, { quantity: 1, missing: 1 })]);
    expect([views[0].returnStatus, views[0].items[0].returned]).toEqual([null, 0]);
  });

  it('an old or repeated seq changes nothing, not even the version (the approval of an auto-approved request)', () => {
    const { order, log, statuses } = run([
      event('r1', 'approved', 1, { quantity: 2 }),
      event('r1', 'approved', 1, { quantity: 2 }),
      event('r1', 'received', 3, { quantity: 2, received: 2 }),
      event('r1', 'partially_received', 2, { quantity: 2, received: 1 }),
    ]);
    expect(statuses).toEqual(['RETURN_REQUESTED', 'RETURN_REQUESTED', 'RETURNED', 'RETURNED']);
    expect([order.version, log.length]).toEqual([5, 5]);
    for (const stale of [event('r1', 'received', 3, { quantity: 2, received: 2 }), event('r1', 'requested', 1, { quantity: 2 })])
      expect(takeReturnEvent(order, stale, 999)).toEqual({ recorded: false });
  });

  it('returns are kept sorted by id, so the stored order and its replay agree whatever order they came in', () => {
    const { order } = run([event('r2', 'requested', 1, { quantity: 1 }), event('r1', 'requested', 1, { quantity: 1 })]);
    expect(order.returns?.map((r) => r.id)).toEqual(['r1', 'r2']);
  });
});
