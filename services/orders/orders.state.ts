import type { Order, OrderStatus } from './orders.contract';
import { OrderRuleError } from './orders.errors';

/**
 * The order status machine. PENDING is where checkout starts; the checkout saga confirms, rejects
 * (out of stock) or cancels (payment declined, or a failure after confirming); a CONFIRMED order
 * may be cancelled until it ships. SHIPPED and DELIVERED are the warehouse's (admin) steps.
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  REJECTED: [],
  CANCELLED: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from]?.includes(to) === true;

export const isTerminal = (status: OrderStatus): boolean => TRANSITIONS[status].length === 0;

export const illegalTransition = (from: OrderStatus, to: OrderStatus) =>
  new OrderRuleError('ILLEGAL_TRANSITION', `An order that is ${from} cannot become ${to}`, 409, { from, to });

/**
 * The order after moving to `to`, or a 409 ILLEGAL_TRANSITION. The version is left alone: the
 * store bumps it, and replay sets it from the event's sequence number.
 */
export function transition(order: Order, to: OrderStatus, at = Date.now(), reason?: string): Order {
  if (!canTransition(order.status, to)) throw illegalTransition(order.status, to);
  const next: Order = { ...order, status: to, updatedAt: at };
  if (reason) next.reason = reason;
  else delete next.reason;
  return next;
}
