/** What the orders service starts a checkout with, and what the steps add on the way. */
export type Money = { amount: number; currency: string };

export type CheckoutData = {
  orderId: string;
  userId: string;
  lines: { sku: string; quantity: number }[];
  /** The order's total in minor units. */
  amount: Money;
  /** The payment provider's token (a saved method's or the one sent with the order). */
  paymentToken: string;
  /** How long the stock stays held for this checkout. */
  reservationTtlMs?: number;
  // Outputs of the steps.
  reservationExpiresAt?: number;
  paymentId?: string;
  confirmed?: boolean;
  captured?: boolean;
  committed?: boolean;
  cartSettled?: boolean;
  notified?: boolean;
};

/** Long enough for a checkout whose participants are briefly down; the sweeper frees it if the saga never ends. */
export const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;
