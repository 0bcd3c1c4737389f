import type { CheckoutInput } from '../../sagas/checkout/checkout.types';
import type { PriceAnswer } from '../discounts/discounts.contract';
import type { OrderShipping } from '../shipping/shipping.contract';
import { priceItems } from './order.pricing';
import { snapshotPricing } from './order.promotions';
import type {
  AddressSnapshot,
  CartSnapshot,
  Money,
  Order,
  OrderEvent,
  OrderStatus,
  PaymentSnapshot,
  StatusChange,
  StatusChangedEvent,
} from './orders.contract';
import { OrderRuleError } from './orders.errors';

/**
 * The order aggregate: the one home of an order's rules (placing from a priced cart, the status
 * machine, the events each change raises, what checkout starts with). Pure: the service and the
 * saga steps load, call these, and write what they return.
 */

/**
 * The status machine. PENDING is where checkout starts; the checkout saga confirms, rejects
 * (out of stock) or cancels (payment declined, or a failure after confirming); a CONFIRMED order
 * may be cancelled until it ships. PARTIALLY_SHIPPED, SHIPPED and DELIVERED follow the shipments
 * (order.fulfilment.ts); a shipment event may arrive late, so DELIVERED may come before SHIPPED was seen.
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CANCELLED'],
  PARTIALLY_SHIPPED: ['SHIPPED', 'DELIVERED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  REJECTED: [],
  CANCELLED: [],
};

/** Something of the order has left the warehouse: it can no longer be cancelled (only returned). */
export const SHIPPED_ORDER_STATUSES: readonly OrderStatus[] = ['PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED'];
export const hasShipped = (status: OrderStatus): boolean => SHIPPED_ORDER_STATUSES.includes(status);

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

/**
 * A failed checkout ends its order REJECTED or CANCELLED. When that move was refused: an order
 * that already ended (the customer cancelled meanwhile) is `done`; a PENDING one that would not
 * cancel is rejected instead, so the saga always ends with the order ended; anything else stays refused.
 */
export function endingAfterRefusal(status: OrderStatus, wanted: 'REJECTED' | 'CANCELLED'): 'done' | 'REJECTED' | 'refused' {
  if (status === 'REJECTED' || status === 'CANCELLED') return 'done';
  if (status === 'PENDING' && wanted === 'CANCELLED') return 'REJECTED';
  return 'refused';
}

export interface PlacedOrderInput {
  id: string;
  userId: string;
  idempotencyKey: string;
  cart: CartSnapshot;
  /** The claimed cart's `discounts.price` answer: the order keeps its pricing as it is. */
  pricing?: PriceAnswer | null;
  /** The shipping quote the claim priced with. */
  shipping?: OrderShipping | null;
  shippingAddress: AddressSnapshot;
  billingAddress: AddressSnapshot;
  payment: PaymentSnapshot;
  now: number;
}

/**
 * A new PENDING order from the customer's priced cart. Prices come from the cart's catalog lookup
 * made for this checkout (the client never sends one); a cart with a line that cannot be sold at
 * all (unavailable, unpriced) is refused naming those SKUs, rather than silently dropped. A line
 * the cart shows short of stock is accepted: the cart's figure is advisory, the saga's reservation
 * decides (and rejects the order if the stock is not there).
 */
export function placeOrder(input: PlacedOrderInput): Order {
  const { cart } = input;
  if (!cart.lines.length) throw new OrderRuleError('CART_EMPTY', 'The cart is empty', 409);
  const notReady = cart.lines.filter((l) => (l.status !== 'ok' && l.status !== 'insufficient_stock') || !l.unitPrice);
  if (notReady.length)
    throw new OrderRuleError(
      'CART_NOT_READY',
      `Some items cannot be ordered now: ${notReady.map((l) => l.sku).join(', ')}`,
      409,
      {
        lines: notReady.map((l) => ({ sku: l.sku, status: l.status })),
      },
    );
  const currency = cart.totals.currency ?? cart.lines[0].unitPrice!.currency;
  const lines = cart.lines.map((l) => ({
    sku: l.sku,
    productId: l.productId,
    name: l.name,
    quantity: l.quantity,
    unitPrice: l.unitPrice!,
  }));
  const priced = input.pricing ? snapshotPricing(lines, currency, input.pricing) : priceItems(lines, currency);
  return {
    id: input.id,
    userId: input.userId,
    status: 'PENDING',
    ...priced,
    ...(input.shipping ? { shipping: input.shipping } : {}),
    shippingAddress: input.shippingAddress,
    billingAddress: input.billingAddress,
    payment: input.payment,
    idempotencyKey: input.idempotencyKey,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** What the checkout saga starts with; it reserves (stock, promotion uses), charges and confirms from this alone. */
export function checkoutInput(order: Order): CheckoutInput {
  return {
    orderId: order.id,
    userId: order.userId,
    lines: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    amount: totalOf(order),
    paymentToken: order.payment.token,
    ...(order.promotions?.length
      ? {
          promotions: order.promotions.map(({ promotionId, version, code, amount }) => ({
            promotionId,
            version,
            ...(code ? { code } : {}),
            amount,
          })),
        }
      : {}),
  };
}

export const totalOf = (order: Order): Money => ({ amount: order.totals.total, currency: order.totals.currency });

export const eventId = (orderId: string, seq: number) => `${orderId}:${seq}`;

/** The first entry of an order's log: the whole order as placed (version 1). */
export function createdEvent(order: Order): OrderEvent {
  const { version: _version, ...data } = order;
  return { id: eventId(order.id, 1), orderId: order.id, seq: 1, type: 'created', at: order.createdAt, data };
}

/** A transition that takes the order from version `seq - 1` to `seq`. */
export function statusEvent(orderId: string, seq: number, at: number, change: StatusChange): OrderEvent {
  const data: StatusChange = { from: change.from, to: change.to };
  if (change.reason) data.reason = change.reason;
  return { id: eventId(orderId, seq), orderId, seq, type: 'status-changed', at, data };
}

export type StatusDecision =
  | { changed: false; published: StatusChangedEvent }
  | { changed: true; next: Order; logEntry: OrderEvent; published: StatusChangedEvent };

/**
 * What moving `order` to `to` means: nothing when it is already there and the caller (a re-run
 * saga step) takes that as done; otherwise the order after the change, its log entry and the
 * `order.status-changed` event it raises. A forbidden change throws 409 ILLEGAL_TRANSITION.
 */
export function changeStatus(order: Order, to: OrderStatus, at: number, reason?: string, sameIsDone = false): StatusDecision {
  const base: StatusChangedEvent = { orderId: order.id, userId: order.userId, from: order.status, to, total: totalOf(order) };
  if (order.status === to && sameIsDone) return { changed: false, published: base };
  const next = transition(order, to, at, reason);
  const logEntry = statusEvent(order.id, (order.version ?? 1) + 1, at, { from: order.status, to, reason });
  return { changed: true, next, logEntry, published: reason ? { ...base, reason } : base };
}
