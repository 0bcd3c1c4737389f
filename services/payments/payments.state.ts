import type { PaymentStatus } from './payments.contract';
import type { ProviderStatus } from './payments.provider';

/**
 * The payment state machine. `NONE` is "no payment yet". A provider error leaves FAILED, from
 * which a retried authorization may still succeed; a void with nothing authorized leaves a VOIDED
 * tombstone so an authorization that lands late is voided rather than left hanging.
 */
const NEXT: Record<PaymentStatus | 'NONE', readonly PaymentStatus[]> = {
  NONE: ['AUTHORIZED', 'DECLINED', 'FAILED', 'VOIDED'],
  FAILED: ['AUTHORIZED', 'DECLINED', 'FAILED', 'VOIDED'],
  AUTHORIZED: ['CAPTURED', 'VOIDED'],
  CAPTURED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['REFUNDED'],
  VOIDED: [],
  REFUNDED: [],
  DECLINED: [],
};

/** `apply`: make the change; `done`: already there (a repeat answers the same); `illegal`: refuse. */
export type Verdict = 'apply' | 'done' | 'illegal';

export function verdict(from: PaymentStatus | undefined, to: PaymentStatus): Verdict {
  if (from === to && to !== 'FAILED') return 'done';
  return NEXT[from ?? 'NONE'].includes(to) ? 'apply' : 'illegal';
}

/** True when `to` can be reached from `from` by legal steps (reconciliation may skip steps it missed). */
export function reachable(from: PaymentStatus, to: PaymentStatus): boolean {
  const seen = new Set<PaymentStatus>([from]);
  const queue: PaymentStatus[] = [from];
  while (queue.length) {
    for (const next of NEXT[queue.shift()!]) {
      if (next === to) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}

const FROM_PROVIDER: Record<ProviderStatus, PaymentStatus> = {
  authorized: 'AUTHORIZED',
  captured: 'CAPTURED',
  partially_refunded: 'PARTIALLY_REFUNDED',
  voided: 'VOIDED',
  refunded: 'REFUNDED',
  declined: 'DECLINED',
};

export const fromProviderStatus = (status: ProviderStatus): PaymentStatus => FROM_PROVIDER[status];

/**
 * The event each status change publishes; FAILED publishes none (nothing happened at the provider).
 * `payment.refunded` is published per refund, once the money moved (payments.refunds.ts, reports).
 */
export const EVENT_OF: Partial<
  Record<PaymentStatus, 'payment.authorized' | 'payment.captured' | 'payment.voided' | 'payment.declined'>
> = {
  AUTHORIZED: 'payment.authorized',
  CAPTURED: 'payment.captured',
  VOIDED: 'payment.voided',
  DECLINED: 'payment.declined',
};

/** Provider webhook event types and the status each reports. */
export const WEBHOOK_STATUS: Record<string, ProviderStatus> = {
  'charge.authorized': 'authorized',
  'charge.captured': 'captured',
  'charge.voided': 'voided',
  'charge.refunded': 'refunded',
  'charge.declined': 'declined',
};
