import { Errors } from 'moleculer';
import type { Cart, CartAddress, CartView } from './carts.contract';
import { addCoupon, cartAddress, normalizeCode, removeCoupon, setAddress } from './carts.coupons.domain';
import { withIssuedToken } from './carts.actions';
import type { CartsActions, CartsContext, CartsThis, Priced } from './carts.methods';
import { mutationOf } from './carts.mutations';
import { addressParams, couponParams, removeCouponParams } from './carts.params';
import { CARTS_RESPONSES } from './carts.responses';

type AddressParams = { shippingAddress?: Record<string, unknown>; shippingAddressId?: string };

/** A 422 naming one field, as the gateway shows bad input. */
export const invalid = (field: string, message: string) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [{ field, message }]);

export const pricingUnavailable = () =>
  new Errors.MoleculerRetryableError('Discounts cannot be checked right now; try again shortly', 503, 'PRICING_UNAVAILABLE');

/** Why `code` cannot go on the cart as `priced` (the cart with the code added) shows it; nothing when it applies. */
function refusal(priced: Priced, code: string): Error | null {
  if (priced.view.pricing === 'unavailable') return pricingUnavailable();
  if (!priced.answer)
    return new Errors.MoleculerClientError('Add an item to the cart before a coupon', 422, 'COUPON_CONDITION_NOT_MET', { code });
  const refused = priced.answer.refusedCodes.find((r) => r.code === code);
  return refused ? new Errors.MoleculerClientError(refused.message, 422, refused.reason, { code }) : null;
}

/** The caller's own saved address (users answers 404 for another customer's). */
async function savedAddress(ctx: CartsContext, id: string): Promise<CartAddress> {
  const user = ctx.meta.user;
  if (!user) throw invalid('shippingAddressId', 'Sign in to use an address from your address book.');
  try {
    return cartAddress(await ctx.call<Record<string, unknown>, object>('users.getUserAddress', { userId: user.id, id }), id);
  } catch (err) {
    if ((err as Errors.MoleculerError).type === 'NOT_FOUND')
      throw invalid('shippingAddressId', "No such entry in your account: 'shippingAddressId'.");
    throw err;
  }
}

/**
 * Coupon codes and the shipping address under `/api/cart`. A code is priced by discounts before
 * it is stored: one that does not apply is refused (422 with discounts' reason) and nothing is
 * written. Storing goes through the same versioned, once-per-request write as every cart change.
 */
export const couponActions: CartsActions = {
  applyCoupon: {
    rest: 'POST /coupons',
    response: CARTS_RESPONSES.applyCoupon,
    access: 'public',
    idempotent: true,
    params: couponParams,
    async handler(this: CartsThis, ctx: CartsContext<{ code: string }>): Promise<CartView> {
      const code = normalizeCode(ctx.params.code);
      const ref = await this.cartRef(ctx, 'existing');
      const current = ref ? await this.carts().get(ref.id) : null;
      // A code the cart already holds is priced again too: one that stopped applying is refused, not answered 200.
      const held = current?.coupons ?? [];
      const trial = { ...(current ?? { lines: [] }), coupons: held.includes(code) ? held : [...held, code] } as Cart;
      const refused = refusal(await this.priced(ctx, trial), code);
      if (refused) throw refused;
      const max = this.limits().maxCoupons;
      const cart = await this.mutateCart(ref!, (c) => addCoupon(c, code, max), mutationOf(ctx, ref!.id, 'applyCoupon'));
      return this.view(ctx, cart);
    },
  },

  /** Idempotent: answers the cart whether or not the code was on it. */
  removeCoupon: {
    rest: 'DELETE /coupons/:code',
    response: CARTS_RESPONSES.removeCoupon,
    access: 'public',
    idempotent: true,
    params: removeCouponParams,
    async handler(this: CartsThis, ctx: CartsContext<{ code: string }>): Promise<CartView> {
      const { code } = ctx.params;
      const ref = await this.cartRef(ctx, 'existing');
      if (!ref) return this.view(ctx, null);
      return this.view(ctx, await this.mutateCart(ref, (c) => removeCoupon(c, code), mutationOf(ctx, ref.id, 'removeCoupon')));
    },
  },

  /** Where the goods go: typed in, or one of the caller's saved addresses. Tax is estimated from then on. */
  setAddress: {
    rest: 'PUT /address',
    response: CARTS_RESPONSES.setAddress,
    access: 'public',
    idempotent: true,
    params: addressParams,
    async handler(this: CartsThis, ctx: CartsContext<AddressParams>): Promise<CartView> {
      const { shippingAddress, shippingAddressId } = ctx.params;
      if (!shippingAddress === !shippingAddressId)
        throw invalid('shippingAddress', 'Send exactly one of shippingAddress and shippingAddressId.');
      const address = shippingAddressId ? await savedAddress(ctx, shippingAddressId) : cartAddress(shippingAddress!);
      const ref = (await this.cartRef(ctx, 'create'))!;
      const cart = await this.mutateCart(ref, (c) => setAddress(c, address), mutationOf(ctx, ref.id, 'setAddress'));
      return withIssuedToken(ctx, ref, await this.view(ctx, cart));
    },
  },
};
