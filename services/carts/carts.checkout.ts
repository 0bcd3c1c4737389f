import { Errors } from 'moleculer';
import { VersionConflictError } from '../../mixins/store/store.errors';
import { addressParam, idParam } from '../../mixins/validation/params';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { CLAIM_STALE_MS, decideClaim, lapsedClaimStep } from './carts.claim.domain';
import type { Cart, CartAddress, ClaimedCart } from './carts.contract';
import type { OrderShipping } from '../shipping/shipping.contract';
import { orderShippingOf } from './carts.shipping.domain';
import { invalid } from './carts.coupons';
import type { CartsActions, CartsContext, CartsThis, Priced } from './carts.methods';
import { customerCartId } from './carts.tokens.domain';

type ClaimParams = { userId: string; orderId: string; attempt: string; shippingAddress?: CartAddress };
type HoldParams = { userId: string; orderId: string };

/** The order's address snapshot: a typed-in address, or one from the address book (with its `addressId`). */
const claimAddressParam = {
  ...addressParam,
  props: { ...addressParam.props, addressId: { ...idParam, optional: true } },
  optional: true,
} as const;
const claimParams = {
  userId: idParam,
  orderId: idParam,
  attempt: idParam,
  shippingAddress: claimAddressParam,
  $$strict: true,
} as const;
const holdParams = { userId: idParam, orderId: idParam, $$strict: true } as const;

// Only the customer's own requests contend for a cart; a few re-reads settle a lost race.
const CLAIM_ATTEMPTS = 10;

/** The cart is held by another order's checkout. */
export const checkedOut = (orderId: string) =>
  new Errors.MoleculerClientError(`This cart is being checked out by order ${orderId}`, 409, 'CART_CHECKED_OUT', {
    orderId,
  });

/** An order is never placed on a price without its promotions and tax. */
function refuseDegraded(priced: Priced): void {
  if (priced.view.pricing === 'unavailable')
    throw new Errors.MoleculerRetryableError(
      'Prices cannot be confirmed right now; try again shortly',
      503,
      'PRICING_UNAVAILABLE',
    );
}

function claimed(orderId: string, priced: Priced, shipping: OrderShipping | null = null): ClaimedCart {
  refuseDegraded(priced);
  const { view, answer } = priced;
  return { orderId, cart: view, pricing: answer, shipping };
}

/** An order ships somewhere: the order's address, else the cart's. */
const noAddress = () =>
  invalid('shippingAddress', "Send 'shippingAddressId' or 'shippingAddress', or set the cart's address first.");

/** The cart as the order ships it: tax is estimated for the order's address, never for none or another. */
const shippedTo = (cart: Cart | null, address: CartAddress | undefined): Cart | null =>
  cart && address ? { ...cart, shippingAddress: address } : cart;

/**
 * The checkout's hold on a customer's cart. `claim` marks the cart as the order's in one
 * conditional write (against the version read), so of many checkouts of one cart exactly one gets
 * it; while held, cart changes are refused (409 CART_IN_CHECKOUT). When the order is confirmed the
 * saga `settle`s (the cart is removed: its lines became the order); when checkout fails it
 * `release`s (the lines are the customer's again). Both are idempotent and act only for the holder.
 * With `shippingAddress` (the order's), the cart is priced for that address and keeps it, in the
 * same conditional write, so the order's tax always follows where it ships; without, the cart's own.
 * The chosen shipping quote is checked first (carts.shipping.ts `shippingAtClaim`) and answered.
 */
export const checkoutActions: CartsActions = {
  claim: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: claimParams,
    async handler(this: CartsThis, ctx: CartsContext<ClaimParams>): Promise<ClaimedCart> {
      const { userId, orderId, attempt, shippingAddress } = ctx.params;
      const id = customerCartId(userId);
      for (let i = 0; i < CLAIM_ATTEMPTS; i++) {
        const stored = await this.carts().get(id);
        const cart = shippedTo(stored, shippingAddress);
        const decision = decideClaim(cart, attempt);
        if (decision.kind === 'held') {
          if (await this.lapseClaim(stored!)) continue;
          throw checkedOut(decision.orderId);
        }
        if (decision.kind === 'held-by-same-attempt') {
          const shipping = cart?.shipping ? orderShippingOf(cart.shipping) : null;
          return claimed(decision.orderId, await this.priced(ctx, cart), shipping);
        }
        if (decision.kind === 'empty') return claimed(orderId, await this.priced(ctx, cart));
        // Priced before the claim, and the claim is conditional on the version priced: the order gets exactly this.
        if (!cart!.shippingAddress) throw noAddress();
        const priced = await this.priced(ctx, cart);
        refuseDegraded(priced);
        // Refused before the claim: a checkout that cannot ship leaves the cart the customer's.
        const shipping = await this.shippingAtClaim(ctx, cart!, priced);
        try {
          const claim = { checkoutOrderId: orderId, checkoutAttempt: attempt, claimedAt: Date.now() };
          const change = { $set: shippingAddress ? { ...claim, shippingAddress } : claim };
          const held = await this.carts().update(id, change, { expectVersion: cart!.version });
          if (held) return claimed(orderId, { ...priced, view: { ...priced.view, checkoutOrderId: orderId } }, shipping);
        } catch (err) {
          if (!(err instanceof VersionConflictError)) throw err;
        }
      }
      throw new Errors.MoleculerClientError('The cart changed too often at once; try again', 409, 'CONFLICT');
    },
  },

  settle: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: holdParams,
    async handler(this: CartsThis, ctx: CartsContext<HoldParams>): Promise<{ settled: boolean }> {
      return { settled: await this.settleClaim(customerCartId(ctx.params.userId), ctx.params.orderId) };
    },
  },

  release: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: holdParams,
    async handler(this: CartsThis, ctx: CartsContext<HoldParams>): Promise<{ released: boolean }> {
      return { released: await this.releaseClaim(customerCartId(ctx.params.userId), ctx.params.orderId) };
    },
  },
};

export type ClaimMethods = {
  settleClaim(cartId: string, orderId: string): Promise<boolean>;
  releaseClaim(cartId: string, orderId: string): Promise<boolean>;
  lapseClaim(cart: Cart): Promise<boolean>;
};

/** Each acts only while `orderId` holds the cart (a conditional write), so repeats and late calls are harmless. */
export const claimMethods = {
  async settleClaim(this: CartsThis, cartId: string, orderId: string): Promise<boolean> {
    return (await this.carts().remove(cartId, { where: { checkoutOrderId: orderId } })) !== null;
  },

  async releaseClaim(this: CartsThis, cartId: string, orderId: string): Promise<boolean> {
    const change = { $unset: ['checkoutOrderId', 'checkoutAttempt', 'claimedAt'] };
    return (await this.carts().update(cartId, change, { where: { checkoutOrderId: orderId } })) !== null;
  },

  /** Lets go of an old claim whose order ended or never came to be (see lapsedClaimStep); true when it did. */
  async lapseClaim(this: CartsThis, cart: Cart): Promise<boolean> {
    const orderId = cart.checkoutOrderId!;
    const age = Date.now() - (cart.claimedAt ?? 0);
    if (age < CLAIM_STALE_MS) return false;
    let status: string | null;
    try {
      const order = await this.broker.call<{ status: string }, object>(
        'orders.get',
        { orderId },
        { meta: { user: SYSTEM_PRINCIPAL } },
      );
      status = order.status;
    } catch (err) {
      if ((err as Errors.MoleculerError).type !== 'NOT_FOUND') return false;
      status = null;
    }
    const step = lapsedClaimStep(age, status);
    if (step === 'keep') return false;
    this.logger.info(
      `Cart ${cart.id}: letting go of the stale claim of order ${orderId} (${status ?? 'no such order'}): ${step}`,
    );
    return step === 'settle' ? this.settleClaim(cart.id, orderId) : this.releaseClaim(cart.id, orderId);
  },
};
