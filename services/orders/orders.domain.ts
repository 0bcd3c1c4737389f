import type {
  AddressSnapshot,
  CartSnapshot,
  CheckoutSagaData,
  HistoryRow,
  Order,
  OrderItem,
  OrderSummary,
  OrderView,
  PaymentSnapshot,
} from './orders.contract';
import { OrderRuleError } from './orders.errors';
import { lineTotal, orderTotals } from './orders.totals';

export interface PlacedOrderInput {
  id: string;
  userId: string;
  idempotencyKey: string;
  cart: CartSnapshot;
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
  const items: OrderItem[] = cart.lines.map((l) => ({
    sku: l.sku,
    productId: l.productId,
    name: l.name,
    quantity: l.quantity,
    unitPrice: { amount: l.unitPrice!.amount, currency: l.unitPrice!.currency },
    lineTotal: lineTotal(l.unitPrice!, l.quantity),
  }));
  return {
    id: input.id,
    userId: input.userId,
    status: 'PENDING',
    items,
    totals: orderTotals(items, currency),
    shippingAddress: input.shippingAddress,
    billingAddress: input.billingAddress,
    payment: input.payment,
    idempotencyKey: input.idempotencyKey,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** What the checkout saga starts with; it reserves, charges and confirms from this alone. */
export function checkoutData(order: Order, reservationTtlMs: number): CheckoutSagaData {
  return {
    orderId: order.id,
    userId: order.userId,
    lines: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    amount: { amount: order.totals.total, currency: order.totals.currency },
    paymentToken: order.payment.token,
    reservationTtlMs,
  };
}

/** An address from the address book, as the order keeps it (flags and timestamps dropped). */
export function addressSnapshot(address: Record<string, unknown>, addressId?: string): AddressSnapshot {
  const fields = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;
  const snapshot: Record<string, unknown> = addressId ? { addressId } : {};
  for (const f of fields) if (typeof address[f] === 'string' && address[f] !== '') snapshot[f] = address[f];
  return snapshot as AddressSnapshot;
}

/** The order as its owner or support sees it: the payment token stays inside the cluster. */
export function toOrderView(order: Order, history: HistoryRow[]): OrderView {
  const { payment, version: _v, idempotencyKey: _k, ...rest } = order;
  const shownPayment: OrderView['payment'] = { method: payment.paymentMethodId ? 'saved' : 'token' };
  if (payment.paymentMethodId) shownPayment.paymentMethodId = payment.paymentMethodId;
  if (payment.brand) shownPayment.brand = payment.brand;
  if (payment.last4) shownPayment.last4 = payment.last4;
  const rows = [...history].sort((a, b) => a.at - b.at || rank(a.to) - rank(b.to));
  return { ...rest, payment: shownPayment, history: rows.map(({ id: _id, orderId: _o, ...row }) => row) };
}

// Two transitions in the same millisecond still list in the order the machine allows them.
const ORDER = ['PENDING', 'CONFIRMED', 'REJECTED', 'SHIPPED', 'CANCELLED', 'DELIVERED'];
const rank = (status: string) => ORDER.indexOf(status);

export function toSummary(order: Order): OrderSummary {
  return {
    id: order.id,
    status: order.status,
    totals: order.totals,
    itemCount: order.items.reduce((n, i) => n + i.quantity, 0),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
