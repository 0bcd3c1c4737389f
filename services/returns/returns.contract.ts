import type { Money } from '../../mixins/validation/money';

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

export type ShippingRefundPolicy = 'full-return-only' | 'always' | 'never';

export interface RefundPolicy {
  /** `full-return-only` (default): the shipping charge goes back only with the order's last unit. */
  refundShipping: ShippingRefundPolicy;
  /** Kept from the goods refunded, in basis points (rounded down: the customer never pays a part of a minor unit). */
  restockingFeeBps?: number;
  /** Kept once per refund, in minor units. */
  restockingFeeFlat?: number;
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
}

/** What one unit of an order paid (one entry per unit of each line). */
export interface UnitPaid {
  /** 0-based: units below an adjustment's `remainder` bear its extra minor unit. */
  index: number;
  price: number;
  /** Its share of the discounts on goods (shipping discounts are taken off `shipping`). */
  discount: number;
  /** Its goods tax, whether added or included in the price. */
  tax: number;
  /** price − discount + tax when tax is added; price − discount when it is included. */
  goods: number;
  /** Its share of the shipping charge, less shipping discounts, before added tax. */
  shipping: number;
  shippingTax: number;
  /** shipping + shippingTax when tax is added. */
  shippingPaid: number;
  /** goods + shippingPaid. */
  paid: number;
}

export interface LineLedger {
  sku: string;
  quantity: number;
  /** `pricing`: from the stored adjustments; `unit-price`: an older order without them, each unit at its price. */
  basis: 'pricing' | 'unit-price';
  units: UnitPaid[];
  /** Σ units' paid: the line's stored total. */
  total: number;
}

export interface OrderLedger {
  currency: string;
  basis: 'pricing' | 'unit-price' | 'mixed';
  /** The SKUs priced from their unit price because the order kept no pricing for them. */
  fallbackSkus: string[];
  lines: LineLedger[];
  total: number;
  shipping: number;
}

/** What one refund gave back for one unit; a unit may appear in several refunds. */
export interface RefundedUnit {
  sku: string;
  index: number;
  goods: number;
  shipping: number;
  /** False for a goodwill amount on a unit the customer keeps. */
  returned: boolean;
}

export interface RefundLine {
  sku: string;
  quantity: number;
  /** The goods refunded for these units (their shipping share is in `shipping`). */
  amount: number;
}

/** What `refundFor` answers: amount = Σ perLine + shipping − fee − capped. */
export interface RefundComputation {
  currency: string;
  amount: number;
  perLine: RefundLine[];
  shipping: number;
  fee: number;
  /** What the cap (captured − refunded so far) took off; 0 unless the ledger and the capture disagree. */
  capped: number;
  /** Whether every unit of the order is returned after this refund. */
  fullReturn: boolean;
  units: RefundedUnit[];
}

/** A refund as recorded against the return and the order's lines. */
export interface RefundRecord extends Omit<RefundComputation, 'amount' | 'currency'> {
  id: string;
  returnId: string;
  orderId: string;
  amount: Money;
  /** The saga step's key, also sent to payments: a retried refund is the same refund. */
  idempotencyKey: string;
  paymentRefundId?: string;
  createdAt: number;
}

/** A field the request got wrong: `lines[0].quantity`, `lines[1].reason`, `resolution`, ... */
export interface ReturnFieldError {
  field: string;
  code: string;
  message: string;
  data?: Record<string, unknown>;
}
