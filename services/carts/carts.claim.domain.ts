import type { Cart } from './carts.contract';

/** Who holds a customer's cart while its checkout runs: the order, and the request attempt that made it. */
export interface CheckoutClaim {
  orderId: string;
  /** The orders service's id of the (customer, Idempotency-Key) pair that claimed it. */
  attempt: string;
}

export type ClaimDecision =
  { kind: 'empty' } | { kind: 'claim' } | { kind: 'held-by-same-attempt'; orderId: string } | { kind: 'held'; orderId: string };

/** The claim a cart carries, if any. */
export function claimOf(cart: Pick<Cart, 'checkoutOrderId' | 'checkoutAttempt'> | null): CheckoutClaim | null {
  return cart?.checkoutOrderId ? { orderId: cart.checkoutOrderId, attempt: cart.checkoutAttempt ?? '' } : null;
}

/**
 * What a checkout attempt may do with the cart it read. An empty cart is never claimed (the order
 * is refused as empty). A cart already held by the same attempt (the same Idempotency-Key sent
 * twice at once) is shared: both requests go on to write the same order, and the key's unique
 * record lets one of them win. Any other holder means the cart is checked out by another order.
 */
export function decideClaim(
  cart: Pick<Cart, 'lines' | 'checkoutOrderId' | 'checkoutAttempt'> | null,
  attempt: string,
): ClaimDecision {
  const held = claimOf(cart);
  if (held)
    return held.attempt === attempt
      ? { kind: 'held-by-same-attempt', orderId: held.orderId }
      : { kind: 'held', orderId: held.orderId };
  if (!cart || cart.lines.length === 0) return { kind: 'empty' };
  return { kind: 'claim' };
}

/** Past this a claim may be stale: the request that made it died before writing its order. */
export const CLAIM_STALE_MS = 60_000;
/** A confirmed order's checkout normally gives the cart up within seconds; past its hold time it never will. */
export const SETTLE_STALE_MS = 15 * 60_000;

/**
 * What to do with an old claim, given its order's status (null: no such order). The saga normally
 * lets go itself; this repairs a claim it could not (a crash before the order was written, a
 * best-effort settle that failed), so a cart is never held for good.
 */
export function lapsedClaimStep(ageMs: number, orderStatus: string | null): 'keep' | 'release' | 'settle' {
  if (ageMs < CLAIM_STALE_MS) return 'keep';
  if (orderStatus === null || orderStatus === 'REJECTED' || orderStatus === 'CANCELLED') return 'release';
  if (['PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED'].includes(orderStatus)) return 'settle';
  return orderStatus === 'CONFIRMED' && ageMs >= SETTLE_STALE_MS ? 'settle' : 'keep';
}
