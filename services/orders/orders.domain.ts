import { fulfilmentOf } from './order.fulfilment';
import { returnsView } from './order.returns';
import type { AddressSnapshot, HistoryRow, Order, OrderSummary, OrderTotals, OrderView, TotalsView } from './orders.contract';

/** How an order is shown (views, summaries, snapshots); its rules live in order.aggregate.ts. */

/** An address from the address book, as the order keeps it (flags and timestamps dropped). */
export function addressSnapshot(address: Record<string, unknown>, addressId?: string): AddressSnapshot {
  const fields = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;
  const snapshot: Record<string, unknown> = addressId ? { addressId } : {};
  for (const f of fields) if (typeof address[f] === 'string' && address[f] !== '') snapshot[f] = address[f];
  return snapshot as AddressSnapshot;
}

/**
 * The order as its owner or support sees it: the payment token stays inside the cluster, and the
 * shipments it tracks show as ordered, shipped and delivered per line, its returns as returned and
 * refunded per line with the derived return status.
 */
export function toOrderView(order: Order, history: HistoryRow[]): OrderView {
  const { payment, version: _v, idempotencyKey: _k, totals, promotions = [], fulfilment: _f, returns: _r, ...rest } = order;
  const shownPayment: OrderView['payment'] = { method: payment.paymentMethodId ? 'saved' : 'token' };
  if (payment.paymentMethodId) shownPayment.paymentMethodId = payment.paymentMethodId;
  if (payment.brand) shownPayment.brand = payment.brand;
  if (payment.last4) shownPayment.last4 = payment.last4;
  const rows = [...history].sort((a, b) => a.at - b.at || rank(a.to) - rank(b.to));
  return {
    ...rest,
    totals: totalsView(totals),
    promotions: promotions.map((p) => ({ ...p, amount: { amount: p.amount, currency: totals.currency } })),
    payment: shownPayment,
    fulfilment: fulfilmentOf(order),
    ...returnsView(order),
    history: rows.map(({ id: _id, orderId: _o, ...row }) => row),
  };
}

/** Stored totals are minor units of one currency; views show each with its currency, as carts do. */
export function totalsView(t: OrderTotals): TotalsView {
  const m = (amount: number) => ({ amount, currency: t.currency });
  return {
    currency: t.currency,
    subtotal: m(t.subtotal),
    discount: m(t.discount),
    shipping: m(t.shipping),
    tax: m(t.tax),
    total: m(t.total),
  };
}

// Two transitions in the same millisecond still list in the order the machine allows them.
const ORDER = ['PENDING', 'CONFIRMED', 'REJECTED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED', 'DELIVERED'];
const rank = (status: string) => ORDER.indexOf(status);

export function toSummary(order: Order): OrderSummary {
  return {
    id: order.id,
    status: order.status,
    totals: totalsView(order.totals),
    itemCount: order.items.reduce((n, i) => n + i.quantity, 0),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
