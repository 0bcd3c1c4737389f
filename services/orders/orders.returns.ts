import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { RETURN_STATUSES, type ReturnEvent } from '../returns/returns.contract';
import { RETURN_EVENTS, takeReturnEvent } from './order.returns';
import { intoOrder } from './orders.fulfilment';
import type { OrdersThis } from './orders.methods';

const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
const isLine = (l: unknown) => {
  const line = l as Partial<ReturnEvent['lines'][number]> | undefined;
  return (
    typeof line?.sku === 'string' &&
    count(line.quantity) &&
    count(line.received) &&
    count(line.refunded) &&
    (line.missing === undefined || count(line.missing))
  );
};

/** Only what the order reads; anything else of the payload is the returns service's. */
const isReturnEvent = (d: unknown): d is ReturnEvent => {
  const e = d as Partial<ReturnEvent> | undefined;
  return (
    typeof e?.orderId === 'string' &&
    typeof e.returnId === 'string' &&
    typeof e.rma === 'string' &&
    Number.isSafeInteger(e.seq) &&
    RETURN_STATUSES.includes(e.status as never) &&
    Array.isArray(e.lines) &&
    e.lines.every(isLine)
  );
};

/**
 * Takes one return event into its order (order.returns.ts decides): the return's new state and the
 * log entry; the order's status and its `order.status-changed` events are left alone.
 */
async function onReturnEvent(this: OrdersThis, envelope: EventEnvelope): Promise<void> {
  const event = envelope?.data;
  if (typeof envelope?.id !== 'string' || !isReturnEvent(event)) {
    this.logger.warn(`Ignoring a malformed ${String(envelope?.event)} event ${String(envelope?.id)}`);
    return;
  }
  await intoOrder(this, envelope, event.orderId, 'returns', (order, at) => takeReturnEvent(order, event, at));
}

const byOrder = (envelope: EventEnvelope) => (envelope.data as { orderId?: string } | undefined)?.orderId;

/**
 * Durable consumers of every return event: each carries the return's whole state, so one handler
 * takes them all. One order's events of one name are handled in turn; a receipt and its refund may
 * run side by side (as on two nodes), which the order's version and the return's seq settle.
 */
export const returnConsumers = Object.fromEntries(RETURN_EVENTS.map((name) => [name, { key: byOrder, handler: onReturnEvent }]));
