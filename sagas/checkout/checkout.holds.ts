import type { CheckoutData } from './checkout.types';

/** A paid order's steps give up this long before its hold lapses, so the last try lands while the stock is still held. */
export const HOLD_MARGIN_MS = 10_000;

/**
 * Once the money is taken, an unavailable participant is waited for (with backoff) for as long as
 * the stock stays held, rather than refunding the customer over a node restart. Inventory's sweeper
 * only releases a hold past its expiry, so the hold outlives every try made before this time.
 */
export const whileHeld = (data: Readonly<CheckoutData>): number | undefined =>
  data.reservationExpiresAt === undefined ? undefined : data.reservationExpiresAt - HOLD_MARGIN_MS;
