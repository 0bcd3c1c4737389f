import { CLAIM_STALE_MS, decideClaim, lapsedClaimStep, SETTLE_STALE_MS } from './carts.claim.domain';

const line = { sku: 'A-1', productId: 'p', name: 'a', quantity: 1, addedAt: 0 };

describe('claiming a cart for checkout', () => {
  it('claims a cart with lines; never an empty or absent one', () => {
    expect(decideClaim({ lines: [line] }, 'att-1')).toEqual({ kind: 'claim' });
    expect(decideClaim({ lines: [] }, 'att-1')).toEqual({ kind: 'empty' });
    expect(decideClaim(null, 'att-1')).toEqual({ kind: 'empty' });
  });

  it('a held cart is shared only with the attempt that holds it (same key and body)', () => {
    const held = { lines: [line], checkoutOrderId: 'o-1', checkoutAttempt: 'att-1' };
    expect(decideClaim(held, 'att-1')).toEqual({ kind: 'held-by-same-attempt', orderId: 'o-1' });
    expect(decideClaim(held, 'att-2')).toEqual({ kind: 'held', orderId: 'o-1' });
    // Even once emptied, a held cart is the holder's.
    expect(decideClaim({ ...held, lines: [] }, 'att-2')).toEqual({ kind: 'held', orderId: 'o-1' });
  });
});

describe('a claim its checkout did not let go of', () => {
  it('is kept while young, whatever its order', () => {
    for (const status of [null, 'PENDING', 'CONFIRMED', 'CANCELLED', 'DELIVERED'])
      expect(lapsedClaimStep(CLAIM_STALE_MS - 1, status)).toBe('keep');
  });

  it('old: released when its order never came to be or ended unpaid; settled when its order went out', () => {
    const old = CLAIM_STALE_MS;
    expect(lapsedClaimStep(old, null)).toBe('release');
    expect(lapsedClaimStep(old, 'REJECTED')).toBe('release');
    expect(lapsedClaimStep(old, 'CANCELLED')).toBe('release');
    expect(lapsedClaimStep(old, 'PENDING')).toBe('keep');
    expect(lapsedClaimStep(old, 'PARTIALLY_SHIPPED')).toBe('settle');
    expect(lapsedClaimStep(old, 'SHIPPED')).toBe('settle');
    expect(lapsedClaimStep(old, 'DELIVERED')).toBe('settle');
  });

  it('a confirmed order may still be capturing (and fail back to the cart): settled only past the hold time', () => {
    expect(lapsedClaimStep(SETTLE_STALE_MS - 1, 'CONFIRMED')).toBe('keep');
    expect(lapsedClaimStep(SETTLE_STALE_MS, 'CONFIRMED')).toBe('settle');
  });
});
