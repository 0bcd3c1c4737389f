import type { PaymentDoc, PaymentStatus } from './payments.contract';

type Refundable = Pick<PaymentDoc, 'status' | 'amount' | 'refunded'>;

/** What a refund request does to a payment, decided from one reading of it. */
export type RefundPlan =
  /** Hold `amount`: the payment's refunded total becomes `refundedTotal` and its status `status`. */
  | { kind: 'apply'; amount: number; refundedTotal: number; status: 'PARTIALLY_REFUNDED' | 'REFUNDED' }
  /** A refund of "everything" when everything is already back: answered, unchanged. */
  | { kind: 'done' }
  | { kind: 'exceeds'; refundable: number }
  | { kind: 'illegal' };

const REFUNDABLE: readonly PaymentStatus[] = ['CAPTURED', 'PARTIALLY_REFUNDED'];

/** Given back so far. A payment refunded whole before partial refunds existed carries no figure: all of it. */
export function refundedOf(p: Refundable): number {
  return p.refunded ?? (p.status === 'REFUNDED' ? (p.amount ?? 0) : 0);
}

export function refundableOf(p: Refundable): number {
  return REFUNDABLE.includes(p.status) ? Math.max(0, (p.amount ?? 0) - refundedOf(p)) : 0;
}

/** The status a captured payment has with `refunded` of its `captured` amount given back. */
export function statusForRefunded(captured: number, refunded: number): 'CAPTURED' | 'PARTIALLY_REFUNDED' | 'REFUNDED' {
  if (refunded <= 0) return 'CAPTURED';
  return refunded >= captured ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

/** `requested` in minor units; absent: everything still refundable. Never more than captured minus earlier refunds. */
export function planRefund(p: Refundable, requested?: number): RefundPlan {
  if (p.status === 'REFUNDED') return requested === undefined ? { kind: 'done' } : { kind: 'exceeds', refundable: 0 };
  if (!REFUNDABLE.includes(p.status)) return { kind: 'illegal' };
  const refundable = refundableOf(p);
  const amount = requested ?? refundable;
  if (amount < 1 || amount > refundable) return { kind: 'exceeds', refundable };
  const refundedTotal = refundedOf(p) + amount;
  const status = statusForRefunded(p.amount ?? 0, refundedTotal) as 'PARTIALLY_REFUNDED' | 'REFUNDED';
  return { kind: 'apply', amount, refundedTotal, status };
}
