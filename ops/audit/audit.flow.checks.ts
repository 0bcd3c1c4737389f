import { ACTIVE_STATUSES } from '../../sagas/saga.state';
import type { PaymentStatus } from '../../services/payments/payments.contract';
import {
  TAKEN,
  type DeliveryRow,
  type MovementRow,
  type OutboxEntry,
  type PaymentRow,
  type RefundRow,
  type SagaRow,
  type TransactionRow,
  type Violation,
} from './audit.types';

/** Payments whose money was taken (some or all of it may be back). */
const CAPTURED: readonly PaymentStatus[] = [...TAKEN, 'REFUNDED'];

/**
 * Invariants of the flow between services: sagas that stopped moving, events that never left,
 * and messages whose effect happened twice. Pure functions over rows as stored.
 */

/** Orders a running or compensating saga is still working on: mid-flight, their stores may rightly disagree. */
export function ordersInTransit(sagas: SagaRow[]): Set<string> {
  const orderOf = (s: SagaRow) => (typeof s.data?.orderId === 'string' ? s.data.orderId : s.id);
  return new Set(sagas.filter((s) => ACTIVE_STATUSES.includes(s.status)).map(orderOf));
}

const iso = (ms: number) => new Date(ms).toISOString();
const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min`;

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

/**
 * Sagas have step deadlines, not an overall one: a saga is past its deadline when it is RUNNING or
 * COMPENSATING and its record (written before and after every try) has not changed for longer than
 * `staleMs`. A NEEDS_ATTENTION saga is reported whatever its age: nothing moves it but an operator.
 */
export function overdueSagas(sagas: SagaRow[], now: number, staleMs: number): Violation[] {
  const out: Violation[] = [];
  for (const s of sagas) {
    if (ACTIVE_STATUSES.includes(s.status) && now - s.updatedAt > staleMs)
      out.push({
        invariant: 'saga-within-deadline',
        subject: s.id,
        detail: `${s.type} ${s.status} without progress since ${iso(s.updatedAt)} (${minutes(now - s.updatedAt)})`,
      });
    if (s.status === 'NEEDS_ATTENTION')
      out.push({
        invariant: 'saga-within-deadline',
        subject: s.id,
        detail: `${s.type} NEEDS_ATTENTION since ${iso(s.parked?.at ?? s.updatedAt)}${s.parked ? `: ${s.parked.reason}` : ''}`,
      });
  }
  return out;
}

export function undeliveredOutbox(outbox: OutboxEntry[], now: number, staleMs: number): Violation[] {
  return (
    outbox
      // Undelivered means waiting or in flight; `sent` rows are done and the relay lease's row is no event.
      .filter((o) => (o.status === 'pending' || o.status === 'sending') && now - o.createdAt > staleMs)
      .map((o) => ({
        invariant: 'outbox-delivered' as const,
        subject: `${o.store}/${o.id}`,
        detail: `${o.event} ${o.status} since ${iso(o.createdAt)} (${minutes(now - o.createdAt)}, ${o.attempts} attempts)`,
      }))
  );
}

/**
 * Two movements for one (reason, ref, sku, warehouse): a reservation, release, sale, return or
 * receipt applied twice. Adjustments are left out: their ref is the acting user, who may make many.
 */
export function duplicateMovements(movements: MovementRow[]): Violation[] {
  const groups = groupBy(
    movements.filter((m) => m.reason !== 'adjustment'),
    (m) => `${m.reason}#${m.ref}#${m.sku}#${m.warehouse}`,
  );
  return [...groups]
    .filter(([, rows]) => rows.length > 1)
    .map(([key, rows]) => ({
      invariant: 'handled-once' as const,
      subject: key,
      detail: `${rows.length} ${rows[0].reason} movements (${rows.map((r) => r.id).join(', ')})`,
    }));
}

/**
 * Approved captures of one order under different provider idempotency keys: money taken twice.
 * The same key twice is one capture at the provider (a replayed call), so keys are counted, not rows.
 */
export function duplicateCaptures(transactions: TransactionRow[]): Violation[] {
  const captures = transactions.filter((t) => t.kind === 'capture' && t.outcome === 'approved');
  return [...groupBy(captures, (t) => t.orderId)]
    .map(([orderId, rows]) => ({ orderId, keys: [...new Set(rows.map((r) => r.idempotencyKey))] }))
    .filter(({ keys }) => keys.length > 1)
    .map(({ orderId, keys }) => ({
      invariant: 'handled-once' as const,
      subject: orderId,
      detail: `captured ${keys.length} times (keys ${keys.join(', ')})`,
    }));
}

/**
 * A whole refund is made once: two refund records without a key (whole refunds, ours before
 * partial refunds, or the provider's) for one order are money given back twice. Keyed refunds
 * (partial ones) are one row per key by construction; refundsWithinCaptured bounds their sum.
 */
export function duplicateRefunds(refunds: RefundRow[]): Violation[] {
  return [
    ...groupBy(
      refunds.filter((r) => !r.refundKey),
      (r) => r.orderId,
    ),
  ]
    .filter(([, rows]) => rows.length > 1)
    .map(([orderId, rows]) => ({
      invariant: 'handled-once' as const,
      subject: orderId,
      detail: `refunded ${rows.length} times (${rows.map((r) => `${r.amount} ${r.currency}`).join(', ')})`,
    }));
}

/** Refunds given back twice, or beyond what was captured. */
export const refundProblems = (payments: PaymentRow[], refunds: RefundRow[]): Violation[] => [
  ...duplicateRefunds(refunds),
  ...refundsWithinCaptured(payments, refunds),
];

/** Refund rows per order (held ones included: money promised) within what was captured, in its currency. */
export function refundsWithinCaptured(payments: PaymentRow[], refunds: RefundRow[]): Violation[] {
  const pay = new Map(payments.map((p) => [p.id, p]));
  const out: Violation[] = [];
  for (const [orderId, rows] of groupBy(refunds, (r) => r.orderId)) {
    const p = pay.get(orderId);
    const captured = p && CAPTURED.includes(p.status) ? (p.amount ?? 0) : 0;
    const sum = rows.reduce((total, r) => total + r.amount, 0);
    const problems: string[] = [];
    if (sum > captured) problems.push(`refunds sum to ${sum}, captured ${captured}`);
    if (p && rows.some((r) => r.currency !== p.currency)) problems.push(`a refund not in ${p.currency}`);
    if (problems.length) out.push({ invariant: 'refunds-within-captured', subject: orderId, detail: problems.join('; ') });
  }
  return out;
}

/**
 * An order notice sent more than once on one channel (a failed send retried is fine: only sent ones
 * count); a shipment's notices count per shipment, an order of several parcels gets one each, and
 * a return's per return and receipt (two returns of one order, two receipts of one return).
 */
export function duplicateNotices(deliveries: DeliveryRow[]): Violation[] {
  const sent = deliveries.filter((d) => d.status === 'sent' && d.orderId);
  return [
    ...groupBy(
      sent,
      (d) => `${d.orderId}|${d.shipmentId ?? ''}|${d.returnId ?? ''}|${d.receiptId ?? ''}|${d.template}|${d.channel}`,
    ),
  ]
    .filter(([, rows]) => rows.length > 1)
    .map(([, rows]) => ({
      invariant: 'handled-once' as const,
      subject: rows[0].orderId!,
      detail: `${rows[0].template} sent ${rows.length} times by ${rows[0].channel} (deliveries ${rows.map((r) => r.id).join(', ')})`,
    }));
}
