import type { Money } from '../../mixins/validation/money';
import type { AppliedPromotion } from '../../services/discounts/discounts.contract';

/** A promotion the order carries, as the saga reserves and commits its use. */
export type CheckoutPromotion = Pick<AppliedPromotion, 'promotionId' | 'version' | 'code' | 'amount'>;

/**
 * The checkout contract: what the orders service starts a `checkout` saga with. Orders builds it
 * (services/orders/order.aggregate.ts) and the saga's steps read it; both import this one type.
 * How long stock stays held is inventory's business: the reservation's answer says until when.
 */
export type CheckoutInput = {
  orderId: string;
  userId: string;
  lines: { sku: string; quantity: number }[];
  /** The order's total in minor units. */
  amount: Money;
  /** The payment provider's token (a saved method's or the one sent with the order). */
  paymentToken: string;
  /** The promotions applied to the order (its snapshot); absent or empty: the promotion steps do nothing. */
  promotions?: CheckoutPromotion[];
};

/** The input plus what the steps add on the way. */
export type CheckoutData = CheckoutInput & {
  /** When inventory lets the hold lapse, from its answer to `inventory.reserve`. */
  reservationExpiresAt?: number;
  paymentId?: string;
  /** Why authorization and capture were skipped (a zero total), when they were. */
  paymentSkipped?: string;
  promotionsReserved?: boolean;
  promotionsCommitted?: boolean;
  confirmed?: boolean;
  captured?: boolean;
  committed?: boolean;
  cartSettled?: boolean;
  notified?: boolean;
};
