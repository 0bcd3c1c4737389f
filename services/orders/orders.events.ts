import type { HistoryRow, Order, OrderEvent, StatusChange } from './orders.contract';
import { transition } from './order.aggregate';
import { applyFulfilment } from './order.fulfilment';
import { applyReturns } from './order.returns';

/** The status change an entry made, if any (a fulfilment entry may only record a shipment). */
const changeOf = (e: OrderEvent): StatusChange | undefined =>
  e.type === 'status-changed' ? e.data : e.type === 'fulfilment-changed' ? e.data.status : undefined;

/**
 * An order's state rebuilt from its log alone: the created event's snapshot, then every status
 * change (and every shipment and return heard of) through the same state machine the service uses. A gap in
 * the sequence or a change from a status the order was not in means the log is damaged, and replay
 * says so rather than guess.
 */
export function replay(events: OrderEvent[]): Order | null {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let order: Order | null = null;
  for (const event of sorted) {
    const expected: number = order ? (order.version ?? 0) + 1 : 1;
    if (event.seq !== expected) throw new Error(`Order log of ${event.orderId}: expected entry ${expected}, found ${event.seq}`);
    if (event.type === 'created') {
      order = { ...structuredClone(event.data), version: 1 };
      continue;
    }
    if (!order) throw new Error(`Order log of ${event.orderId} does not start with its creation`);
    const change = changeOf(event);
    if (change && order.status !== change.from)
      throw new Error(`Order log of ${event.orderId}: entry ${event.seq} leaves ${change.from}, the order was ${order.status}`);
    const next: Order =
      event.type === 'fulfilment-changed'
        ? applyFulfilment(order, event.at, event.data)
        : event.type === 'returns-changed'
          ? applyReturns(order, event.at, event.data)
          : transition(order, event.data.to, event.at, event.data.reason);
    order = { ...next, version: event.seq };
  }
  return order;
}

/**
 * The status history as the log tells it: the created entry is the PENDING row, every change one
 * more. The log commits with the order, so it is never behind it, unlike the history store.
 */
export function historyFromLog(events: OrderEvent[]): Omit<HistoryRow, 'id'>[] {
  return [...events]
    .sort((a, b) => a.seq - b.seq)
    .flatMap((e): Omit<HistoryRow, 'id'>[] => {
      if (e.type === 'created') return [{ orderId: e.orderId, to: 'PENDING', at: e.at }];
      const change = changeOf(e);
      if (!change) return [];
      const { from, to, reason } = change;
      return [reason ? { orderId: e.orderId, from, to, at: e.at, reason } : { orderId: e.orderId, from, to, at: e.at }];
    });
}
