import { Errors } from 'moleculer';
import { config } from '../../config/config';
import { idParam } from '../../mixins/validation/params';
import type { OrderShipping, Quote, QuoteAnswer, QuoteCheck, QuoteRequest } from '../shipping/shipping.contract';
import type { Cart, CartView } from './carts.contract';
import { invalid } from './carts.coupons';
import { CartRuleError } from './carts.domain';
import type { CartsActions, CartsContext, CartsThis, Priced } from './carts.methods';
import { mutationOf } from './carts.mutations';
import { noParams } from './carts.params';
import { CARTS_RESPONSES } from './carts.responses';
import {
  cartFingerprint,
  chooseShipping,
  chosenOf,
  clearShipping,
  goodsValueOf,
  orderShippingOf,
  quoteCheckOf,
  quoteRequestOf,
} from './carts.shipping.domain';

const noAddress = () => invalid('shippingAddress', 'The cart has no shipping address: set one first (PUT /api/cart/address).');
const quoteStale = (quoteId: string, why: string) =>
  new Errors.MoleculerClientError(
    `The shipping quote ${quoteId} no longer holds for this cart (${why}); choose again from the shipping options`,
    409,
    'SHIPPING_QUOTE_STALE',
    { quoteId, why },
  );

export type ShippingOptions = Pick<QuoteAnswer, 'options' | 'zoneId' | 'unweighed'>;

const quoteIdParams = { quoteId: idParam, $$strict: true } as const;

/**
 * Shipping under `/api/cart`: the options for the cart's address and contents (each a quote bound
 * to them), the one chosen, and taking it off. A chosen quote goes stale when the lines or the
 * address change or it expires: the cart then prices without it (see carts.methods.ts `priced`).
 */
export const shippingActions: CartsActions = {
  shippingOptions: {
    rest: 'GET /shipping-options',
    response: CARTS_RESPONSES.shippingOptions,
    access: 'public',
    idempotent: true,
    params: noParams,
    async handler(this: CartsThis, ctx: CartsContext): Promise<ShippingOptions> {
      const ref = await this.cartRef(ctx, 'existing');
      const cart = ref ? await this.carts().get(ref.id) : null;
      if (!cart?.shippingAddress) throw noAddress();
      return this.quoteOptions(ctx, cart);
    },
  },

  /** Checked by shipping first; stored in one write conditional on the cart version it was checked against. */
  chooseShipping: {
    rest: 'PUT /shipping',
    response: CARTS_RESPONSES.chooseShipping,
    access: 'public',
    idempotent: true,
    params: quoteIdParams,
    async handler(this: CartsThis, ctx: CartsContext<{ quoteId: string }>): Promise<CartView> {
      const { quoteId } = ctx.params;
      const ref = await this.cartRef(ctx, 'existing');
      const cart = ref ? await this.carts().get(ref.id) : null;
      if (!cart?.shippingAddress) throw noAddress();
      // Priced as quoted (without shipping): the goods value is part of what the quote is bound to.
      const { view, fingerprint } = await this.priced(ctx, { ...cart, shipping: undefined });
      if (!fingerprint) throw invalid('quoteId', 'Add an item to the cart before choosing shipping.');
      const chosen = chosenOf(
        await ctx.call<Quote, QuoteCheck>('shipping.checkQuote', quoteCheckOf(quoteId, cart.id, fingerprint)),
      );
      const goods = goodsValueOf(view);
      const updated = await this.mutateCart(
        ref!,
        (c) => {
          // The lines or address changed between the check and this write (a later goods value change shows it stale).
          if (cartFingerprint(ref!.id, c, goods) !== chosen.fingerprint)
            throw new CartRuleError('SHIPPING_QUOTE_STALE', 'The cart changed; choose again from the shipping options', {
              quoteId,
              why: 'changed',
            });
          return chooseShipping(c, chosen);
        },
        mutationOf(ctx, ref!.id, 'chooseShipping'),
      );
      return this.view(ctx, updated);
    },
  },

  /** Idempotent: answers the cart whether or not a quote was chosen. */
  clearShipping: {
    rest: 'DELETE /shipping',
    response: CARTS_RESPONSES.clearShipping,
    access: 'public',
    idempotent: true,
    params: noParams,
    async handler(this: CartsThis, ctx: CartsContext): Promise<CartView> {
      const ref = await this.cartRef(ctx, 'existing');
      if (!ref) return this.view(ctx, null);
      return this.view(ctx, await this.mutateCart(ref, clearShipping, mutationOf(ctx, ref.id, 'clearShipping')));
    },
  },
};

export type ShippingMethods = {
  quoteOptions(ctx: CartsContext, cart: Cart): Promise<ShippingOptions>;
  shippingAtClaim(ctx: CartsContext, cart: Cart, priced: Priced): Promise<OrderShipping | null>;
  shipsByZone(ctx: CartsContext): Promise<boolean>;
};

export const shippingMethods = {
  /**
   * Whether the shop charges shipping at all: not when deployed without shipping (SHIPPING_CHARGES=none)
   * or when it has no zone. Shipping unreachable is an outage (503, retryable), never "free".
   */
  async shipsByZone(this: CartsThis, ctx: CartsContext): Promise<boolean> {
    if (config().shipping.charges === 'none') return false;
    return (await ctx.call<{ hasZones: boolean }, object>('shipping.hasZones', {})).hasZones;
  },

  /** Options for the cart as it is (any chosen quote left out of the goods value: shipping is not goods). */
  async quoteOptions(this: CartsThis, ctx: CartsContext, cart: Cart): Promise<ShippingOptions> {
    const priced = await this.priced(ctx, { ...cart, shipping: undefined });
    const request = quoteRequestOf(cart.id, cart, priced.quoteLines, goodsValueOf(priced.view));
    if (!request) return { options: [], zoneId: null, unweighed: [] };
    const { options, zoneId, unweighed } = await ctx.call<QuoteAnswer, QuoteRequest>('shipping.quote', request);
    return { options, zoneId, unweighed };
  },

  /**
   * The shipping an order of this cart is charged, or why it cannot be placed: a stale chosen quote
   * (409 SHIPPING_QUOTE_STALE naming it); none chosen while the address has options (409
   * SHIPPING_METHOD_REQUIRED) or has none in a shop that ships by zones (409 SHIPPING_UNAVAILABLE).
   * A shop without any zone charges no shipping.
   */
  async shippingAtClaim(this: CartsThis, ctx: CartsContext, cart: Cart, priced: Priced): Promise<OrderShipping | null> {
    const chosen = cart.shipping;
    if (chosen) {
      if (priced.staleWhy) throw quoteStale(chosen.quoteId, priced.staleWhy);
      await ctx.call<Quote, QuoteCheck>('shipping.checkQuote', quoteCheckOf(chosen.quoteId, cart.id, priced.fingerprint!));
      // The price quoted is the price charged: the one the cart stored and priced with.
      return orderShippingOf(chosen);
    }
    if (!(await this.shipsByZone(ctx))) return null;
    const { options } = await this.quoteOptions(ctx, cart);
    if (options.length)
      throw new Errors.MoleculerClientError('Choose a shipping method first', 409, 'SHIPPING_METHOD_REQUIRED', {
        field: 'shipping',
      });
    throw new Errors.MoleculerClientError(
      `No shipping method serves this address (shippingAddress.country ${cart.shippingAddress!.country})`,
      409,
      'SHIPPING_UNAVAILABLE',
      { field: 'shippingAddress.country' },
    );
  },
};
