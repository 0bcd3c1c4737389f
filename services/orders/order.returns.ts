import { isTerminal, orderReturnStatus, type LineReturns } from '../returns/domain/return-status';
import type { OrderReturnStatus, ReturnEvent, ReturnStatus } from '../returns/returns.contract';
import { eventId } from './order.aggregate';
import type { Order, OrderEvent, OrderItem } from './orders.contract';

/**
 * How return events show on an order (pure). The order keeps the last word it heard of each return
 * (status, lines, seq), like the shipments it tracks; what each line has back and refunded, and the
 * derived return status, are read from those. The order's own status never moves: a DELIVERED
 * order stays DELIVERED, with RETURNED beside it.
 */

/** Every event of the returns service: each carries the return's whole state at its version. */
export const RETURN_EVENTS = [
  'return.requested',
  'return.approved',
  'return.rejected',
  'return.received',
  'refund.issued',
  'return.closed',
] as const;

/** A return line as the order keeps it: asked back, received (resaleable or damaged), declared missing, refunded. */
export type TrackedReturnLine = { sku: string; quantity: number; received: number; missing: number; refunded: number };

/** A return as the order last heard of it; `seq` is the return's version, so an older event is dropped. */
export type TrackedReturn = { id: string; rma: string; status: ReturnStatus; lines: TrackedReturnLine[]; seq: number };

/** A return event the order took in (one log entry, one version). */
export type ReturnsChange = { ret: TrackedReturn };

/** What the order view shows of its returns, beside its fulfilment. */
export type ReturnsView = {
  items: (OrderItem & { returned: number; refunded: number })[];
  returnStatus: OrderReturnStatus | null;
  returns: { id: string; rma: string; status: ReturnStatus }[];
};

/** The order with `ret` as its latest word on that return; kept sorted by id, so a write and a replay agree. */
export function withReturn(order: Order, ret: TrackedReturn): Order {
  const others = (order.returns ?? []).filter((r) => r.id !== ret.id);
  return { ...order, returns: [...others, ret].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/** The entry that takes the order from version `seq - 1` to `seq`. */
export function returnsEvent(orderId: string, seq: number, at: number, data: ReturnsChange): OrderEvent {
  return { id: eventId(orderId, seq), orderId, seq, type: 'returns-changed', at, data };
}

/** A returns entry applied to the order it follows (replay). */
export const applyReturns = (order: Order, at: number, data: ReturnsChange): Order => ({
  ...withReturn(order, data.ret),
  updatedAt: at,
});

export type ReturnDecision = { recorded: false } | { recorded: true; next: Order; logEntry: OrderEvent };

/**
 * What a return event does to the order: nothing when the order already heard this return at this
 * `seq` or later (a redelivery, a late event, or the approval an auto-approved request published
 * with the same seq); otherwise the return's new state is recorded, whatever the order's status.
 */
export function takeReturnEvent(order: Order, event: ReturnEvent, at: number): ReturnDecision {
  const known = order.returns?.find((r) => r.id === event.returnId);
  if (known && event.seq <= known.seq) return { recorded: false };
  const ret: TrackedReturn = {
    id: event.returnId,
    rma: event.rma,
    status: event.status,
    lines: event.lines.map(({ sku, quantity, received, missing, refunded }) => ({
      sku,
      quantity,
      received,
      missing: missing ?? 0,
      refunded,
    })),
    seq: event.seq,
  };
  const logEntry = returnsEvent(order.id, (order.version ?? 1) + 1, at, { ret });
  return { recorded: true, next: applyReturns(order, at, { ret }), logEntry };
}

/**
 * Per SKU over every return heard of: units back (received), refunded, and still asked back in an
 * open return (neither received nor declared missing). A rejected, cancelled or closed return asks
 * nothing back any more.
 */
export function lineReturnsOf(order: Pick<Order, 'returns'>): Record<string, LineReturns & { refunded: number }> {
  const perSku: Record<string, LineReturns & { refunded: number }> = {};
  for (const ret of order.returns ?? [])
    for (const l of ret.lines) {
      const line = (perSku[l.sku] ??= { returned: 0, requested: 0, refunded: 0 });
      line.returned += l.received;
      line.refunded += l.refunded;
      if (!isTerminal(ret.status)) line.requested += Math.max(0, l.quantity - l.received - l.missing);
    }
  return perSku;
}

/** The order's lines with what came back and was refunded, its derived return status, and its returns. */
export function returnsView(order: Pick<Order, 'items' | 'returns'>): ReturnsView {
  const perSku = lineReturnsOf(order);
  return {
    items: order.items.map((i) => ({ ...i, returned: perSku[i.sku]?.returned ?? 0, refunded: perSku[i.sku]?.refunded ?? 0 })),
    returnStatus: orderReturnStatus(order.items, perSku) ?? null,
    returns: (order.returns ?? []).map(({ id, rma, status }) => ({ id, rma, status })),
  };
}
