import type { Money } from '../../mixins/validation/money';

/**
 * What each unit of an order paid and what refunds gave back (issue 16), re-exported by
 * returns.contract.ts. Amounts are integer minor units of the order's currency.
 */

export type ShippingRefundPolicy = 'full-return-only' | 'always' | 'never';

export interface RefundPolicy {
  /** `full-return-only` (default): the shipping charge goes back only with the order's last unit. */
  refundShipping: ShippingRefundPolicy;
  /** Kept from the goods refunded, in basis points (rounded down: the customer never pays a part of a minor unit). */
  restockingFeeBps?: number;
  /** Kept once per refund, in minor units. */
  restockingFeeFlat?: number;
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
