import type { Money } from '../../mixins/validation/money';

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
};

/** The input plus what the steps add on the way. */
export type CheckoutData = CheckoutInput & {
  /** When inventory lets the hold lapse, from its answer to `inventory.reserve`. */
  reservationExpiresAt?: number;
  paymentId?: string;
  confirmed?: boolean;
  captured?: boolean;
  committed?: boolean;
  cartSettled?: boolean;
  notified?: boolean;
};
