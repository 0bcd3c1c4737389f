import { replayLedger, stockId } from '../../services/inventory/inventory.domain';
import {
  duplicateCaptures,
  duplicateMovements,
  duplicateNotices,
  ordersInTransit,
  overdueSagas,
  refundProblems,
  undeliveredOutbox,
} from './audit.flow.checks';
import { promotionUsageProblems } from './audit.promotion.checks';
import { refundedByReturns, returnViolations, wholeReturns } from './audit.returns.checks';
import { uncommittedShipped, uncoveredOrders } from './audit.shipping.checks';
import {
  ENDED,
  PAID,
  TAKEN,
  type AuditData,
  type MovementRow,
  type OrderRow,
  type PaymentRow,
  type ReservationRow,
  type StockRow,
  type Thresholds,
  type Violation,
} from './audit.types';

/**
 * The invariants across stores, as pure functions over rows as stored. Each returns one violation
 * per thing that is wrong (a stock row, an order), naming every problem found with it.
 */

export { duplicateCaptures, duplicateMovements, duplicateNotices, overdueSagas, refundProblems, undeliveredOutbox };

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));

export function negativeStock(stock: StockRow[]): Violation[] {
  const out: Violation[] = [];
  for (const s of stock) {
    const problems: string[] = [];
    if (s.onHand < 0) problems.push(`onHand ${s.onHand}`);
    if (s.reserved < 0) problems.push(`reserved ${s.reserved}`);
    if (s.onHand - s.reserved < 0)
      problems.push(`available ${s.onHand - s.reserved} (reserved ${s.reserved} of ${s.onHand} on hand)`);
    if (problems.length) out.push({ invariant: 'stock-non-negative', subject: s.id, detail: problems.join('; ') });
  }
  return out;
}

/** Units held per stock row by the reservations still active. */
function heldUnits(reservations: ReservationRow[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const r of reservations.filter((x) => x.status === 'active'))
    for (const line of r.lines)
      for (const a of line.allocations)
        held.set(stockId(line.sku, a.warehouse), (held.get(stockId(line.sku, a.warehouse)) ?? 0) + a.quantity);
  return held;
}

export function reservedMismatch(stock: StockRow[], reservations: ReservationRow[]): Violation[] {
  const held = heldUnits(reservations);
  const out: Violation[] = [];
  for (const s of stock) {
    const expected = held.get(s.id) ?? 0;
    held.delete(s.id);
    if (s.reserved !== expected)
      out.push({
        invariant: 'reserved-matches-reservations',
        subject: s.id,
        detail: `reserved ${s.reserved}, active reservations hold ${expected}`,
      });
  }
  for (const [id, units] of held)
    out.push({
      invariant: 'reserved-matches-reservations',
      subject: id,
      detail: `active reservations hold ${units} on a stock row that does not exist`,
    });
  return out;
}

export function ledgerMismatch(stock: StockRow[], movements: MovementRow[]): Violation[] {
  const ledger = replayLedger(movements as Parameters<typeof replayLedger>[0]);
  const out: Violation[] = [];
  for (const s of stock) {
    const l = ledger.get(s.id) ?? { onHand: 0, reserved: 0 };
    ledger.delete(s.id);
    const problems: string[] = [];
    if (s.onHand !== l.onHand) problems.push(`onHand ${s.onHand}, ledger ${l.onHand}`);
    if (s.reserved !== l.reserved) problems.push(`reserved ${s.reserved}, ledger ${l.reserved}`);
    if (problems.length) out.push({ invariant: 'stock-matches-ledger', subject: s.id, detail: problems.join('; ') });
  }
  for (const [id, l] of ledger)
    if (l.onHand !== 0 || l.reserved !== 0)
      out.push({
        invariant: 'stock-matches-ledger',
        subject: id,
        detail: `the ledger replays to onHand ${l.onHand}, reserved ${l.reserved} but there is no stock row`,
      });
  return out;
}

const lineKey = (lines: { sku: string; quantity: number }[]) =>
  lines
    .map((l) => `${l.sku}:${l.quantity}`)
    .sort()
    .join(',');

const money = (amount: number | undefined, currency: string | undefined) => `${amount ?? '?'} ${currency ?? '?'}`;

export function unsettledConfirmedOrders(
  orders: OrderRow[],
  payments: PaymentRow[],
  reservations: ReservationRow[],
  inTransit: Set<string>,
  /** Per order, what its returns refunded: an order returned whole has its payment REFUNDED by them. */
  returned = new Map<string, number>(),
): Violation[] {
  const pay = byId(payments);
  const res = byId(reservations);
  const out: Violation[] = [];
  for (const o of orders.filter((x) => PAID.includes(x.status) && !inTransit.has(x.id))) {
    const problems: string[] = [];
    const p = pay.get(o.id);
    // A zero total (a 100 % discount) is confirmed without a payment.
    if (!p) {
      if (o.totals.total !== 0) problems.push('no payment');
    } else if (!TAKEN.includes(p.status) && !(p.status === 'REFUNDED' && p.amount === returned.get(o.id)))
      problems.push(`payment ${p.status}`);
    else if (p.amount !== o.totals.total || p.currency !== o.totals.currency)
      problems.push(`captured ${money(p.amount, p.currency)}, total ${money(o.totals.total, o.totals.currency)}`);
    const r = res.get(o.id);
    if (!r) problems.push('no reservation');
    else if (r.status !== 'committed') problems.push(`reservation ${r.status}`);
    else if (o.items && lineKey(r.lines) !== lineKey(o.items))
      problems.push(`committed ${lineKey(r.lines)}, ordered ${lineKey(o.items)}`);
    if (problems.length)
      out.push({ invariant: 'confirmed-order-settled', subject: o.id, detail: `${o.status}: ${problems.join('; ')}` });
  }
  return out;
}

export function unreleasedEndedOrders(
  orders: OrderRow[],
  payments: PaymentRow[],
  reservations: ReservationRow[],
  movements: MovementRow[],
  inTransit: Set<string>,
): Violation[] {
  const pay = byId(payments);
  const res = byId(reservations);
  const returned = new Map<string, number>();
  for (const m of movements.filter((x) => x.reason === 'return')) {
    const key = `${m.ref}|${stockId(m.sku, m.warehouse)}`;
    returned.set(key, (returned.get(key) ?? 0) + m.onHandDelta);
  }
  const out: Violation[] = [];
  for (const o of orders.filter((x) => ENDED.includes(x.status) && !inTransit.has(x.id))) {
    const problems: string[] = [];
    const p = pay.get(o.id);
    if (p && TAKEN.includes(p.status)) problems.push(`payment ${p.status}: ${money(p.amount, p.currency)} still taken`);
    if (p?.status === 'AUTHORIZED') problems.push(`payment AUTHORIZED: ${money(p.amount, p.currency)} still held`);
    const r = res.get(o.id);
    if (r?.status === 'active') problems.push('reservation still active');
    if (r?.status === 'committed')
      for (const line of r.lines)
        for (const a of line.allocations) {
          const back = returned.get(`${o.id}|${stockId(line.sku, a.warehouse)}`) ?? 0;
          if (back !== a.quantity) problems.push(`sold ${a.quantity} of ${stockId(line.sku, a.warehouse)}, returned ${back}`);
        }
    if (problems.length)
      out.push({ invariant: 'ended-order-released', subject: o.id, detail: `${o.status}: ${problems.join('; ')}` });
  }
  return out;
}

/** Every check over one reading of the stores. */
export function runChecks(data: AuditData, now: number, t: Thresholds): Violation[] {
  const inTransit = ordersInTransit(data.sagas);
  const whole = wholeReturns(data.orders, data.returns);
  return [
    ...negativeStock(data.stock),
    ...reservedMismatch(data.stock, data.reservations),
    ...ledgerMismatch(data.stock, data.movements),
    ...unsettledConfirmedOrders(data.orders, data.payments, data.reservations, inTransit, refundedByReturns(data.returnRefunds)),
    ...unreleasedEndedOrders(data.orders, data.payments, data.reservations, data.movements, inTransit),
    ...overdueSagas(data.sagas, now, t.sagaStaleMs),
    ...undeliveredOutbox(data.outbox, now, t.outboxStaleMs),
    ...duplicateMovements(data.movements),
    ...duplicateCaptures(data.transactions),
    ...refundProblems(data.payments, data.refunds),
    ...duplicateNotices(data.deliveries),
    ...promotionUsageProblems(data.orders, data.usage, data.promotions, data.usageCounters, inTransit, data.sagas, whole),
    ...uncoveredOrders(data.orders, data.shipments, inTransit, now, t.shipmentsDueMs),
    ...uncommittedShipped(data.shipments, data.reservations),
    ...returnViolations(data, inTransit),
  ];
}
