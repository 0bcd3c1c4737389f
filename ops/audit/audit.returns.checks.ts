import { returnUnitIds } from '../../services/inventory/inventory.returns.domain';
import type { Order } from '../../services/orders/orders.contract';
import { deliveredPerSku } from '../../services/returns/returns.request-checks';
import {
  ENDED,
  type AuditData,
  type ClaimRow,
  type MovementRow,
  type OrderRow,
  type ReceiptRow,
  type RefundRow,
  type ReturnRefundRow,
  type ReturnRow,
  type Violation,
} from './audit.types';

/**
 * Returns against inventory's ledger, payments' refunds and the orders' deliveries. Pure functions
 * over rows as stored. The return saga moves a receipt's units and refunds it while it runs, so an
 * order whose saga is running (`inTransit`) is not judged: its stores may rightly disagree mid-round.
 */

/** The saga's movement ref for a receipt's units of one SKU and condition (sagas/return/restock.ts). */
const unitRef = (receiptId: string, sku: string, condition: 'resaleable' | 'damaged') => `${receiptId}:${sku}:${condition}`;

/**
 * `returned-units-moved`: a receipt's resaleable units are one `return` movement of that many units
 * into the receipt's warehouse, with nothing written off; its damaged units are a `return` and a
 * `write-off` of that many, so they came back without becoming sellable.
 */
export function unmovedReturnedUnits(
  receipts: ReceiptRow[],
  returns: ReturnRow[],
  movements: MovementRow[],
  inTransit: Set<string>,
): Violation[] {
  const orderOf = new Map(returns.map((r) => [r.id, r.orderId]));
  const moved = new Map(movements.map((m) => [m.id, m]));
  const out: Violation[] = [];
  for (const r of receipts.filter((x) => !inTransit.has(orderOf.get(x.returnId) ?? ''))) {
    const problems: string[] = [];
    const expect = (id: string, reason: MovementRow['reason'], delta: number, what: string) => {
      const m = moved.get(id);
      if (!m) problems.push(`${what}: no ${reason} movement`);
      else if (m.reason !== reason || m.onHandDelta !== delta || m.warehouse !== r.warehouse)
        problems.push(`${what}: ${m.reason} ${m.onHandDelta} in ${m.warehouse}, expected ${reason} ${delta} in ${r.warehouse}`);
    };
    for (const { sku, quantity } of r.restock) {
      const ids = returnUnitIds(unitRef(r.id, sku, 'resaleable'));
      expect(ids.back, 'return', quantity, `${quantity} ${sku} resaleable`);
      if (moved.has(ids.off)) problems.push(`${quantity} ${sku} resaleable: written off`);
    }
    for (const { sku, quantity } of r.writeOff) {
      const ids = returnUnitIds(unitRef(r.id, sku, 'damaged'));
      expect(ids.back, 'return', quantity, `${quantity} ${sku} damaged`);
      expect(ids.off, 'write-off', -quantity, `${quantity} ${sku} damaged`);
    }
    if (problems.length) out.push({ invariant: 'returned-units-moved', subject: r.id, detail: problems.join('; ') });
  }
  return out;
}

/** Orders whose every unit came back (received by their returns): their promotions may give their uses back. */
export function wholeReturns(orders: OrderRow[], returns: ReturnRow[]): Set<string> {
  const back = new Map<string, number>();
  for (const r of returns)
    for (const l of r.lines) back.set(`${r.orderId}|${l.sku}`, (back.get(`${r.orderId}|${l.sku}`) ?? 0) + l.received);
  const whole = (o: OrderRow) => !!o.items?.length && o.items.every((i) => (back.get(`${o.id}|${i.sku}`) ?? 0) >= i.quantity);
  return new Set(orders.filter(whole).map((o) => o.id));
}

/** Per order, what its returns' receipts refunded: an order returned whole has its payment REFUNDED by them. */
export function refundedByReturns(returnRefunds: ReturnRefundRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of returnRefunds) out.set(r.orderId, (out.get(r.orderId) ?? 0) + r.amount);
  return out;
}

/**
 * `refund-has-cause`: a refund of an order that is not cancelled or rejected carries a receipt's id
 * as its key, and that receipt's return refund (same order) recorded the same amount.
 */
export function causelessRefunds(
  refunds: RefundRow[],
  orders: OrderRow[],
  returnRefunds: ReturnRefundRow[],
  inTransit: Set<string>,
  returns: ReturnRow[] = [],
): Violation[] {
  const status = new Map(orders.map((o) => [o.id, o.status]));
  // An exchange's charge is a payment `x-<returnId>`; its refund's cause is that return's cancellation.
  const cancelledReturns = new Set(returns.filter((r) => r.status === 'cancelled').map((r) => `x-${r.id}`));
  const byReceipt = new Map(returnRefunds.map((r) => [`${r.orderId}|${r.receiptId}`, r]));
  const out: Violation[] = [];
  for (const r of refunds.filter((x) => !inTransit.has(x.orderId))) {
    const of = status.get(r.orderId);
    if ((of && ENDED.includes(of)) || cancelledReturns.has(r.orderId)) continue;
    const given = byReceipt.get(`${r.orderId}|${r.refundKey ?? ''}`);
    const said = `refund ${r.id} of ${r.amount} ${r.currency}`;
    const detail = !given
      ? `${said} (order ${of ?? 'missing'}) has no return receipt or cancellation behind it`
      : given.amount !== r.amount || given.currency !== r.currency
        ? `${said}: return ${given.returnId} recorded ${given.amount} ${given.currency} for receipt ${given.receiptId}`
        : undefined;
    if (detail) out.push({ invariant: 'refund-has-cause', subject: r.orderId, detail });
  }
  return out;
}

/**
 * `returns-within-delivered`: per order and SKU, the units claimed (asked back by open or finished
 * returns) and the units received stay within what the order's shipments delivered.
 */
export function returnsBeyondDelivered(
  orders: OrderRow[],
  claims: ClaimRow[],
  returns: ReturnRow[],
  inTransit: Set<string>,
): Violation[] {
  const order = new Map(orders.map((o) => [o.id, o]));
  const counts = new Map<string, { claimed: number; received: number }>();
  const at = (orderId: string, sku: string) => {
    const key = `${orderId}|${sku}`;
    if (!counts.has(key)) counts.set(key, { claimed: 0, received: 0 });
    return counts.get(key)!;
  };
  for (const c of claims) at(c.orderId, c.sku).claimed += c.requested;
  for (const r of returns) for (const l of r.lines) at(r.orderId, l.sku).received += l.received;
  const problems = new Map<string, string[]>();
  for (const [key, { claimed, received }] of counts) {
    const [orderId, sku] = key.split('|');
    if (inTransit.has(orderId) || (!claimed && !received)) continue;
    const o = order.get(orderId);
    const delivered = o?.items ? (deliveredPerSku(o as Order)[sku] ?? 0) : 0;
    const said: string[] = [];
    if (claimed > delivered) said.push(`${sku} claimed ${claimed}`);
    if (received > delivered) said.push(`${sku} received ${received}`);
    if (said.length) problems.set(orderId, [...(problems.get(orderId) ?? []), `${said.join(', ')} of ${delivered} delivered`]);
  }
  return [...problems].map(([subject, said]) => ({
    invariant: 'returns-within-delivered' as const,
    subject,
    detail: `${order.has(subject) ? '' : 'order missing: '}${said.join('; ')}`,
  }));
}

/** The returns' invariants over one reading. */
export function returnViolations(data: AuditData, inTransit: Set<string>): Violation[] {
  return [
    ...unmovedReturnedUnits(data.receipts, data.returns, data.movements, inTransit),
    ...causelessRefunds(data.refunds, data.orders, data.returnRefunds, inTransit, data.returns),
    ...returnsBeyondDelivered(data.orders, data.claims, data.returns, inTransit),
  ];
}
