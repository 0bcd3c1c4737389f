export type { Money } from '../../mixins/validation/money';
import type { Money } from '../../mixins/validation/money';

export const PAYMENT_STATUSES = [
  'AUTHORIZED',
  'CAPTURED',
  'PARTIALLY_REFUNDED',
  'VOIDED',
  'REFUNDED',
  'DECLINED',
  'FAILED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One per order: the id is the order id. */
export type PaymentDoc = {
  id: string;
  userId?: string;
  status: PaymentStatus;
  amount?: number;
  currency?: string;
  /** The provider's charge id; absent when no charge exists (provider error, void before any authorization). */
  providerRef?: string;
  declineCode?: string;
  /** Minor units given back so far, refunds still at the provider included; absent on payments never refunded. */
  refunded?: number;
  createdAt: number;
  updatedAt: number;
  version?: number;
};

export type TransactionKind = 'authorize' | 'capture' | 'void' | 'refund';
export type TransactionOutcome = 'approved' | 'declined' | 'error';

/** Every state-changing provider call we made, whatever it answered. */
export type TransactionDoc = {
  id: string;
  orderId: string;
  kind: TransactionKind;
  idempotencyKey: string;
  outcome: TransactionOutcome;
  amount?: number;
  currency?: string;
  providerRef?: string;
  code?: string;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
};

export type RefundDoc = {
  id: string;
  orderId: string;
  providerRef: string;
  refundRef?: string;
  amount: number;
  currency: string;
  reason: string;
  /** `api`: we asked the provider; `provider`: the provider reported one (webhook, reconciliation). */
  origin: 'api' | 'provider';
  /** Ours: the caller's key (the row's id is `orderId:refundKey`, so a key refunds once per order). */
  refundKey?: string;
  /** Ours: `pending` from the hold on the payment until the provider answered, then `done`. */
  state?: 'pending' | 'done';
  /** The payment's refunded total with this refund counted. */
  refundedTotal?: number;
  createdAt: number;
};

/** A refund as staff see it. */
export interface RefundView {
  id: string;
  amount: Money;
  reason: string;
  at: number;
  origin: RefundDoc['origin'];
  state: 'pending' | 'done';
}

export interface RefundParams {
  orderId: string;
  /** Absent: everything still refundable. */
  amount?: Money;
  reason?: string;
  refundKey?: string;
}

/** Append-only: rows are inserted, never updated or removed. */
export type AuditDoc = {
  id: string;
  orderId: string;
  from?: PaymentStatus;
  to: PaymentStatus;
  at: number;
  reason: string;
  actor: string;
  requestId?: string;
};

export type WebhookEventDoc = {
  id: string;
  type: string;
  providerRef: string;
  outcome: 'applied' | 'unchanged' | 'ignored';
  receivedAt: number;
};

export interface AuthorizeParams {
  orderId: string;
  userId: string;
  amount: Money;
  token: string;
}

export interface AuthorizeResult {
  paymentId: string;
  status: 'authorized';
}

export interface PaymentView {
  orderId: string;
  userId?: string;
  status: PaymentStatus;
  amount?: Money;
  providerRef?: string;
  /** Given back so far (with a known amount). */
  refunded?: Money;
  createdAt: number;
  updatedAt: number;
}

/** Data of every `payment.*` event but `payment.refunded` (version 1). */
export interface PaymentEventData {
  orderId: string;
  userId?: string;
  status: PaymentStatus;
  amount?: number;
  currency?: string;
  reason?: string;
}

/**
 * `payment.refunded` (version 2), one per refund: `amount` is this refund's (version 1 carried the
 * payment's), `refundedTotal` the payment's refunded total with it, `full` whether that is all of
 * the captured amount; `origin` says whether the platform asked for it (`api`) or the provider
 * reported one made on its side (`provider`).
 */
export interface PaymentRefundedData extends PaymentEventData {
  amount: number;
  currency: string;
  refundedTotal: number;
  full: boolean;
  origin: RefundDoc['origin'];
}

export interface ReconcileMismatch {
  orderId: string;
  ours: PaymentStatus;
  /** The provider's state in our terms; MISSING when it has no such charge. */
  provider: PaymentStatus | 'MISSING';
  /** With `apply`: whether ours was brought in line (false when no legal path leads there). */
  fixed?: boolean;
}

export interface ReconcileReport {
  checked: number;
  mismatches: ReconcileMismatch[];
}

/** A provider callback as the sandbox sends it (signed over `JSON.stringify` of exactly this object). */
export interface WebhookEvent {
  id: string;
  type: string;
  providerRef: string;
  created: number;
}

export interface WebhookAnswer {
  received: true;
  duplicate: boolean;
  outcome: WebhookEventDoc['outcome'];
}
