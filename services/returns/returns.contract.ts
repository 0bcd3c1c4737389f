import type { Money } from '../../mixins/validation/money';
import type { RefundPolicy } from './refunds.contract';
export type * from './refunds.contract';

/**
 * Returns, exchanges and refunds (issue 16): the vocabulary the returns service, its saga and its
 * pure domain (services/returns/domain) share. Amounts are integer minor units of the order's currency.
 */

export const DEFAULT_RETURN_REASONS = ['changed-mind', 'damaged', 'wrong-item', 'not-as-described'] as const;
export const RESOLUTIONS = ['refund', 'exchange'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const CONDITIONS = ['resaleable', 'damaged', 'missing'] as const;
export type ItemCondition = (typeof CONDITIONS)[number];

export const RETURN_STATUSES = [
  'requested',
  'approved',
  'rejected',
  'label_issued',
  'partially_received',
  'received',
  'refunded',
  'exchanged',
  'closed',
  'cancelled',
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** Shown beside the order's fulfilment status, derived from its lines' returned and requested quantities. */
export type OrderReturnStatus = 'RETURN_REQUESTED' | 'PARTIALLY_RETURNED' | 'RETURNED';

export interface ReturnRequestLine {
  sku: string;
  quantity: number;
  reason: string;
  note?: string;
}

export interface ExchangeLine {
  sku: string;
  quantity: number;
}

/** `POST /api/orders/:id/returns`. */
export interface ReturnRequest {
  lines: ReturnRequestLine[];
  resolution: Resolution;
  exchangeFor?: ExchangeLine[];
}

/** A line of a return, with what has happened to its units so far. */
export interface ReturnLine extends ReturnRequestLine {
  received: number;
  restocked: number;
  writtenOff: number;
  missing: number;
  refunded: number;
}

export interface ReturnReceiptLine {
  sku: string;
  quantity: number;
  condition: ItemCondition;
}

/** `POST /api/admin/returns/:id/receive`. */
export interface ReturnReceipt {
  warehouse: string;
  lines: ReturnReceiptLine[];
}

export interface Return {
  id: string;
  /** `RMA-000042`: what the customer writes on the parcel and quotes to support. */
  rma: string;
  orderId: string;
  userId: string;
  status: ReturnStatus;
  resolution: Resolution;
  lines: ReturnLine[];
  exchangeFor?: ExchangeLine[];
  /** Refunded so far for this return. */
  refund: Money;
  label?: { carrier: string; trackingNumber: string; url?: string };
  reason?: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface AutoApproveRules {
  enabled: boolean;
  /** Only requests made within this many days of delivery; absent: the return window. */
  withinDays?: number;
  /** Only refunds below this amount, per currency; a currency not listed never auto-approves. */
  below: Money[];
  /** Only these reasons (absent: any allowed reason). */
  reasons?: string[];
}

export interface ReturnPolicy {
  windowDays: number;
  /** Whether a shipped (not yet delivered) order may be returned. */
  allowShipped: boolean;
  reasons: string[];
  autoApprove: AutoApproveRules;
  refund: RefundPolicy;
  /** An exchange's new items ship when the returned units arrive (default), or as soon as it is approved. */
  exchangeShip?: 'on-receipt' | 'at-once';
  /** Where return parcels go when set; otherwise the warehouse the order's reservation shipped them from. */
  returnWarehouse?: string;
}

/** A field the request got wrong: `lines[0].quantity`, `lines[1].reason`, `resolution`, ... */
export interface ReturnFieldError {
  field: string;
  code: string;
  message: string;
  data?: Record<string, unknown>;
}

/** A return line as events carry it: asked back, received and refunded so far. */
export interface ReturnEventLine {
  sku: string;
  quantity: number;
  received: number;
  refunded: number;
  restocked: number;
  writtenOff: number;
  missing: number;
}

/**
 * `return.requested` … `return.closed` and `refund.issued` (v1), from the returns outbox in the unit
 * that made the change. `seq` is the return's version after it: a consumer drops an older one.
 */
export interface ReturnEvent {
  returnId: string;
  rma: string;
  orderId: string;
  userId: string;
  status: ReturnStatus;
  resolution: Resolution;
  lines: ReturnEventLine[];
  /** Refunded so far for the return (`refund.issued`: also `issued`, this refund). */
  refund?: Money;
  issued?: Money;
  receiptId?: string;
  reason?: string;
  at: number;
  seq: number;
}
