import { randomUUID } from 'node:crypto';
import { Errors } from 'moleculer';
import type { AddressSnapshot, ClaimedCartSnapshot, Order, PaymentSnapshot, SavedPaymentMethod } from './orders.contract';
import { placeOrder } from './order.aggregate';
import { addressSnapshot } from './orders.domain';
import type { KeyedAttempt } from './orders.idempotency';
import type { OrdersContext, OrdersThis } from './orders.methods';
import type { PlaceParams } from './orders.place';

export const invalid = (fields: { field: string; message: string }[]) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', fields);

/** The address book's internal lookup: `users.getAddress` is the owner's REST read, so this one is named apart. */
export const ADDRESS_ACTION = 'users.getUserAddress';

/** A saved row another customer owns answers 404 in users; here that is a bad field of this request. */
async function lookup<T>(ctx: OrdersContext, action: string, params: object, field: string): Promise<T> {
  try {
    return await ctx.call<T, object>(action, params);
  } catch (err) {
    // NOT_FOUND is the row; a missing service (SERVICE_NOT_FOUND, also 404) is an outage, not bad input.
    if ((err as Errors.MoleculerError).type === 'NOT_FOUND')
      throw invalid([{ field, message: `No such entry in your account: '${field}'.` }]);
    throw err;
  }
}

/** A new order built from a claimed cart; `ownClaim` when this request (not a same-key twin) made the claim. */
export interface Snapshot {
  order: Order;
  userId: string;
  ownClaim: boolean;
}

type Claimed = ClaimedCartSnapshot;

/** The cart's address as the order keeps it (carts refuse to claim a cart without one when the order names none). */
function cartAddressOf(held: Claimed): AddressSnapshot {
  const kept = held.cart.shippingAddress;
  if (!kept) throw invalid([{ field: 'shippingAddress', message: "Send 'shippingAddressId' or 'shippingAddress'." }]);
  return addressSnapshot(kept as unknown as Record<string, unknown>, kept.addressId);
}

export const snapshotting = {
  /** The claimed cart's lines and pricing as the cart showed them, with the chosen address and payment snapshots. */
  async snapshotOrder(
    this: OrdersThis,
    ctx: OrdersContext<PlaceParams>,
    userId: string,
    key: string,
    attempt: KeyedAttempt,
  ): Promise<Snapshot> {
    const p = ctx.params;
    const address = async (id: string | undefined, inline: PlaceParams['shippingAddress'], field: string) =>
      id
        ? addressSnapshot(await lookup(ctx, ADDRESS_ACTION, { userId, id }, field), id)
        : addressSnapshot(inline as Record<string, unknown>);
    const payment = async (): Promise<PaymentSnapshot> => {
      if (!p.paymentMethodId) return { token: p.paymentToken! };
      const m = await lookup<SavedPaymentMethod>(
        ctx,
        'users.getPaymentMethod',
        { userId, id: p.paymentMethodId },
        'paymentMethodId',
      );
      return {
        paymentMethodId: m.id,
        token: m.token,
        ...(m.brand ? { brand: m.brand } : {}),
        ...(m.last4 ? { last4: m.last4 } : {}),
      };
    };
    const orderId = randomUUID();
    // The address first: the cart is priced (taxed) for where the order ships, at the claim.
    const named = p.shippingAddressId || p.shippingAddress;
    const [given, billing, paid] = await Promise.all([
      named ? address(p.shippingAddressId, p.shippingAddress, 'shippingAddressId') : undefined,
      p.billingAddressId || p.billingAddress ? address(p.billingAddressId, p.billingAddress, 'billingAddressId') : null,
      payment(),
    ]);
    // Without an address the claim keeps the cart's (and refuses a cart without one, naming shippingAddress).
    const held = await this.claimCart(ctx, userId, orderId, attempt, given);
    // Only the request that made the claim gives it back; one sharing it (same key) leaves it be.
    const snap = { ownClaim: held.orderId === orderId, userId };
    try {
      const shipping = given ?? cartAddressOf(held);
      const order = placeOrder({
        id: held.orderId,
        userId,
        idempotencyKey: key,
        cart: held.cart,
        pricing: held.pricing,
        shipping: held.shipping ?? null,
        shippingAddress: shipping,
        billingAddress: billing ?? shipping,
        payment: paid,
        now: Date.now(),
      });
      return { ...snap, order };
    } catch (err) {
      await this.giveBackCart(ctx, { ...snap, order: { id: orderId } as Order });
      throw err;
    }
  },

  /**
   * Claims the customer's cart for `orderId` (one conditional write in carts), priced for and
   * keeping `shippingAddress` (without one, the cart's own). The claim's order id is answered: a
   * twin request with the same key and body shares the twin's claim and order id.
   */
  claimCart(
    this: OrdersThis,
    ctx: OrdersContext,
    userId: string,
    orderId: string,
    attempt: KeyedAttempt,
    shippingAddress: AddressSnapshot | undefined,
  ): Promise<Claimed> {
    const at = shippingAddress ? { shippingAddress } : {};
    return ctx.call<Claimed, object>('carts.claim', { userId, orderId, attempt: attempt.claimId, ...at });
  },

  /** The cart is the customer's again when this request's order was not written. Best effort: the order sweep repairs the rest. */
  async giveBackCart(
    this: OrdersThis,
    ctx: OrdersContext,
    snap: Pick<Snapshot, 'ownClaim' | 'userId'> & { order: Pick<Order, 'id'> },
  ) {
    if (!snap.ownClaim) return;
    try {
      if (await this.orders().get(snap.order.id)) return;
      await ctx.call('carts.release', { userId: snap.userId, orderId: snap.order.id });
    } catch (err) {
      this.logger.warn(`Giving back the cart of order ${snap.order.id} failed: ${(err as Error).message}`);
    }
  },
};

export type SnapshotMethods = {
  snapshotOrder(ctx: OrdersContext<PlaceParams>, userId: string, key: string, attempt: KeyedAttempt): Promise<Snapshot>;
  claimCart(
    ctx: OrdersContext,
    userId: string,
    orderId: string,
    attempt: KeyedAttempt,
    shippingAddress: AddressSnapshot | undefined,
  ): Promise<Claimed>;
  giveBackCart(ctx: OrdersContext, snap: Pick<Snapshot, 'ownClaim' | 'userId'> & { order: Pick<Order, 'id'> }): Promise<void>;
};
