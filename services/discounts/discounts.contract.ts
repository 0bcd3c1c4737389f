import type { Money } from '../../mixins/validation/money';
import type { PricingResult } from '../pricing/pricing.types';

/**
 * The contract between the discounts service and its callers (carts, orders, the checkout and
 * cancel sagas, the auditor). Pricing itself is the pure pipeline in services/pricing; discounts
 * supplies the promotion and tax sources for it and runs it, so a cart and its order are priced by
 * the same code with the same promotions and rates.
 */

export const TAX_CLASSES = ['standard', 'reduced', 'zero'] as const;
/** A product variant names its class; a variant without one is `standard`. */
export type TaxClass = (typeof TAX_CLASSES)[number];

/** One line as carts and orders send it: enough for every condition and for tax. */
export interface PriceLine {
  sku: string;
  productId: string;
  /** The line's category and all its ancestors' ids (empty when uncategorised): category conditions include descendants. */
  categoryPath: string[];
  quantity: number;
  /** Minor units of the request's currency, as the catalog prices it (with or without tax, per the tax settings). */
  unitPrice: number;
  taxClass?: TaxClass;
}

export interface PriceCustomer {
  id?: string;
  roles?: string[];
  groups?: string[];
  /** True when the customer has no earlier order that was placed and not rejected. */
  firstOrder?: boolean;
}

/** Where the goods go; without it no tax is estimated (tax 0, `tax.estimated` false). */
export interface PriceAddress {
  country: string;
  region?: string;
}

/** `discounts.price`: internal, idempotent, reads only. */
export interface PriceRequest {
  currency: string;
  lines: PriceLine[];
  /** Coupon codes the cart carries, oldest first. */
  codes: string[];
  customer?: PriceCustomer;
  address?: PriceAddress;
  /** The chosen shipping charge (the shipping issue); absent means 0. */
  shipping?: { amount: number; quoteId: string };
  /** Evaluation time in ms; defaults to now. */
  at?: number;
}

/** Why a code does not apply; carts answers 422 with this as the error code. */
export type CouponRefusal =
  | 'COUPON_UNKNOWN'
  | 'COUPON_EXPIRED'
  | 'COUPON_INACTIVE'
  | 'COUPON_CONDITION_NOT_MET'
  | 'COUPON_LIMIT_REACHED'
  | 'COUPON_NOT_COMBINABLE';

/** A promotion as applied to one cart or order: what the order snapshots and the saga reserves. */
export interface AppliedPromotion {
  promotionId: string;
  /** The promotion's version when it was applied: an edit afterwards changes nothing for this order. */
  version: number;
  code?: string;
  name: string;
  target: 'order' | 'lines' | 'shipping';
  /** Minor units of the request's currency this promotion took off, over all lines. */
  amount: number;
}

export interface AppliedTaxRate {
  id: string;
  country: string;
  region?: string;
  taxClass: TaxClass | 'shipping';
  rateBps: number;
}

export interface PriceAnswer {
  /** Every line with its adjustments (source `promotion` or `tax_rate`) and the totals. */
  pricing: PricingResult;
  applied: AppliedPromotion[];
  refusedCodes: { code: string; reason: CouponRefusal; message: string }[];
  tax: { estimated: boolean; pricesIncludeTax: boolean; rates: AppliedTaxRate[] };
}

/**
 * `discounts.reserveUsage`: internal, idempotent per (promotion, order). Reserves one use of each
 * applied promotion (and of its code) for the order until `expiresAt`, with one conditional write
 * per limit. A limit already reached answers 409 PROMOTION_LIMIT_REACHED naming the promotion, and
 * leaves nothing of this call reserved.
 */
export interface ReserveUsageRequest {
  orderId: string;
  userId: string;
  currency: string;
  promotions: Pick<AppliedPromotion, 'promotionId' | 'version' | 'code' | 'amount'>[];
  expiresAt: number;
}

/** `discounts.commitUsage {orderId}`: reserved → used, after capture; publishes `promotion.applied` per use. Idempotent. */
export interface CommitUsageRequest {
  orderId: string;
}

/**
 * `discounts.releaseUsage`: idempotent. A reserved use is always released; a used one when the
 * reason is `checkout-failed` (a commit whose answer was lost: the order never completed), or when
 * it is `cancelled` or `returned` and the promotion's `releaseOnCancel` says so.
 * Publishes `promotion.usage-released` per use released.
 */
export interface ReleaseUsageRequest {
  orderId: string;
  reason: 'checkout-failed' | 'expired' | 'cancelled' | 'returned';
}

export type UsageStatus = 'reserved' | 'used' | 'released';

/** One row of `GET /api/admin/promotions/:id/usage`. */
export interface UsageRow {
  promotionId: string;
  orderId: string;
  userId: string;
  code?: string;
  status: UsageStatus;
  amount: Money;
  reservedAt: number;
  expiresAt: number;
  usedAt?: number;
  releasedAt?: number;
  releaseReason?: ReleaseUsageRequest['reason'];
}

/** Event payloads (through the discounts outbox). */
export interface PromotionApplied {
  orderId: string;
  promotionId: string;
  code?: string;
  amount: Money;
}
export interface PromotionUsageReleased {
  orderId: string;
  promotionId: string;
  code?: string;
  reason: ReleaseUsageRequest['reason'];
}
