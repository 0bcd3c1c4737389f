import { randomUUID } from 'node:crypto';
import { recordEvent } from '../events.catalog';
import type { WriteOp } from '../../mixins/store/store.types';
import type {
  AuditDoc,
  PaymentDoc,
  PaymentEventData,
  PaymentRefundedData,
  PaymentStatus,
  PaymentView,
  RefundDoc,
  RefundView,
  TransactionDoc,
} from './payments.contract';
import { refundedOf, statusForRefunded } from './payments.refunds.domain';
import { EVENT_OF } from './payments.state';

/** Who changed a payment: a person's or the platform's id (`system`), `provider:sandbox` for reports; and the request. */
export interface Actor {
  actor: string;
  requestId?: string;
}

const insert = (collection: string, doc: object): WriteOp => ({ op: 'insert', collection, doc: doc as never });

/**
 * The writes of one status change, applied in one unit: the payment (inserted, or updated only if
 * nobody changed it since it was read), its audit row, and its event.
 */
export function statusChangeOps(before: PaymentDoc | null, after: PaymentDoc, reason: string, who: Actor): WriteOp[] {
  const { id, version: _version, ...rest } = after;
  const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const ops: WriteOp[] = [
    before
      ? { op: 'update', collection: 'payments', id, change: { $set: fields }, expectVersion: before.version }
      : insert('payments', { id, ...fields }),
  ];
  if (before?.status === after.status) return ops;
  ops.push(auditOp(before?.status, after, reason, who));
  const event = EVENT_OF[after.status];
  if (event) {
    const data: PaymentEventData = {
      orderId: id,
      ...(after.userId ? { userId: after.userId } : {}),
      status: after.status,
      ...(after.amount !== undefined ? { amount: after.amount, currency: after.currency } : {}),
      reason,
    };
    ops.push(recordEvent('payments', event, data, after.updatedAt).op);
  }
  return ops;
}

/** The append-only audit row of a status change. */
export function auditOp(from: PaymentStatus | undefined, after: PaymentDoc, reason: string, who: Actor): WriteOp {
  const audit: AuditDoc = {
    id: randomUUID(),
    orderId: after.id,
    ...(from ? { from } : {}),
    to: after.status,
    at: after.updatedAt,
    reason,
    actor: who.actor,
    ...(who.requestId ? { requestId: who.requestId } : {}),
  };
  return insert('payment_audit', audit);
}

/** `payment.refunded` for one refund that went through (ours, or one the provider reported). */
export function refundedEventOp(
  payment: PaymentDoc,
  refund: Omit<RefundDoc, 'id'> & { refundedTotal: number },
  now: number,
): WriteOp {
  const data: PaymentRefundedData = {
    orderId: payment.id,
    ...(payment.userId ? { userId: payment.userId } : {}),
    status: statusForRefunded(payment.amount ?? 0, refund.refundedTotal),
    amount: refund.amount,
    currency: refund.currency,
    refundedTotal: refund.refundedTotal,
    full: refund.refundedTotal >= (payment.amount ?? 0),
    origin: refund.origin,
    reason: refund.reason,
  };
  return recordEvent('payments', 'payment.refunded', data, now).op;
}

export function transactionOp(t: Omit<TransactionDoc, 'id' | 'durationMs'>): WriteOp {
  return insert('transactions', { id: randomUUID(), ...t, durationMs: t.finishedAt - t.startedAt });
}

export function refundOp(r: Omit<RefundDoc, 'id'>): WriteOp {
  return insert('refunds', { id: randomUUID(), ...r });
}

export function toView(doc: PaymentDoc): PaymentView {
  return {
    orderId: doc.id,
    ...(doc.userId ? { userId: doc.userId } : {}),
    status: doc.status,
    ...(doc.amount !== undefined && doc.currency
      ? { amount: { amount: doc.amount, currency: doc.currency }, refunded: { amount: refundedOf(doc), currency: doc.currency } }
      : {}),
    ...(doc.providerRef ? { providerRef: doc.providerRef } : {}),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export const toRefundView = (r: RefundDoc): RefundView => ({
  id: r.id,
  amount: { amount: r.amount, currency: r.currency },
  reason: r.reason,
  at: r.createdAt,
  origin: r.origin,
  state: r.state ?? 'done',
});
