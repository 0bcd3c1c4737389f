import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { Collection } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import type { Cart, CartLimits, CartOwner, CatalogVariant, CartView, MergeReport } from './carts.contract';
import type { CartContents } from './carts.domain';
import type { PriceAnswer, PriceCustomer, PriceRequest } from '../discounts/discounts.contract';
import { priceCart, priceRequestOf, shownLines } from './carts.pricing.domain';
import { anonymousCartId, customerCartId, newCartToken, presentedToken } from './carts.tokens.domain';
import type { ClaimMethods } from './carts.checkout';
import type { ShippingMethods } from './carts.shipping';
import { cartWrites, clientError } from './carts.writes';
import { cartFingerprint, goodsValueOf, quoteLinesOf, shownShipping, staleness } from './carts.shipping.domain';
import type { QuoteLine } from '../shipping/shipping.contract';

export { clientError };

export type CartsMeta = CallerMeta & { cartToken?: string; $statusCode?: number; $responseHeaders?: Record<string, string> };
export type CartsContext<P = unknown> = Context<P, CartsMeta>;

/** The cart a request addresses; `issuedToken` when an anonymous write is about to create one. */
export interface CartRef {
  id: string;
  owner: CartOwner;
  userId?: string;
  issuedToken?: string;
}

export interface CartsMethods extends StoresMethods, ClaimMethods, ShippingMethods {
  carts(): Collection<Cart>;
  limits(): CartLimits;
  cartRef(ctx: CartsContext, intent: 'existing' | 'create'): Promise<CartRef | null>;
  mutateCart(ref: CartRef, apply: (cart: CartContents) => CartContents | null, mutation?: string): Promise<Cart | null>;
  mergeAnonymous(userId: string, token: string): Promise<MergeReport | null>;
  catalogVariant(ctx: Context, sku: string): Promise<CatalogVariant | null>;
  view(ctx: Context, cart: Cart | null): Promise<CartView>;
  priced(ctx: Context, cart: Cart | null): Promise<Priced>;
}

/** A cart view with the pricing answer it shows (what a checkout claim snapshots). */
export interface Priced {
  view: CartView;
  answer: PriceAnswer | null;
  /** What a shipping quote for the cart as priced sends, and the fingerprint it is bound to (null: no address or nothing priced). */
  quoteLines: QuoteLine[];
  fingerprint: string | null;
  /** Why the chosen quote is not priced in; null when it is, or none is chosen. */
  staleWhy: 'expired' | 'changed' | null;
}

/**
 * Whom promotions see: the cart's customer, with roles when the caller is that customer.
 * Anonymous carts price without one, so customer-only conditions do not match until login.
 */
function customerOf(ctx: Context, cart: Cart | null): PriceCustomer | undefined {
  if (!cart?.userId) return undefined;
  const user = (ctx.meta as CallerMeta).user;
  return { id: cart.userId, ...(user?.id === cart.userId && user.roles ? { roles: [...user.roles] } : {}) };
}
export type CartsThis = Service & CartsMethods;
export type CartsActions = NonNullable<ServiceSchema<ServiceSettingSchema, CartsMethods>['actions']>;

// A handful of codes covers every real basket; the bound keeps each pricing request small.
export const MAX_COUPONS = 5;

// The catalog and inventory contracts take at most 100 SKUs per call.
const LOOKUP_CHUNK = 100;

async function chunked<T>(skus: string[], fetch: (chunk: string[]) => Promise<T>): Promise<T[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < skus.length; i += LOOKUP_CHUNK) chunks.push(skus.slice(i, i + LOOKUP_CHUNK));
  return Promise.all(chunks.map(fetch));
}

export const cartsMethods = {
  ...cartWrites,

  carts(this: CartsThis) {
    return this.store('carts').collection<Cart>('carts');
  },

  limits(): CartLimits {
    const { maxLines, maxQuantity } = config().carts;
    return { maxLines, maxQuantity, maxCoupons: MAX_COUPONS };
  },

  /**
   * A signed-in caller's cart is keyed by their user id; an anonymous cart by the hash of its token.
   * A signed-in caller presenting a token gets that anonymous cart merged in first, so a client that
   * forgot to call merge after login still ends up with one cart. An anonymous write without a live
   * cart gets a fresh token (never one the client made up).
   */
  async cartRef(this: CartsThis, ctx: CartsContext, intent: 'existing' | 'create'): Promise<CartRef | null> {
    const user = ctx.meta.user;
    const token = presentedToken(ctx.meta.cartToken);
    if (user) {
      if (token) await this.mergeAnonymous(user.id, token);
      return { id: customerCartId(user.id), owner: 'customer', userId: user.id };
    }
    if (token) {
      const id = anonymousCartId(token);
      if (intent === 'existing' || (await this.carts().get(id))) return { id, owner: 'anonymous' };
    }
    if (intent === 'existing') return null;
    const issuedToken = newCartToken();
    return { id: anonymousCartId(issuedToken), owner: 'anonymous', issuedToken };
  },

  async catalogVariant(this: CartsThis, ctx: Context, sku: string): Promise<CatalogVariant | null> {
    const found = await ctx.call<CatalogVariant[], { skus: string[] }>('products.variantsBySku', { skus: [sku] });
    return found.find((v) => v.sku === sku) ?? null;
  },

  /** The cart as its owner sees it: every line with the catalog's current price and the stock available now. */
  async view(this: CartsThis, ctx: Context, cart: Cart | null): Promise<CartView> {
    return (await this.priced(ctx, cart)).view;
  },

  /**
   * The view and the `discounts.price` answer it shows (null when no line is priced). When
   * discounts cannot answer, the cart still shows, without promotions or tax, as `pricing: 'unavailable'`.
   */
  async priced(this: CartsThis, ctx: Context, cart: Cart | null): Promise<Priced> {
    const contents = {
      lines: cart?.lines ?? [],
      currency: cart?.currency,
      coupons: cart?.coupons,
      shippingAddress: cart?.shippingAddress,
      shipping: cart?.shipping,
    };
    const skus = contents.lines.map((l) => l.sku);
    const [variants, stock] =
      skus.length === 0
        ? [[], []]
        : await Promise.all([
            chunked(skus, (chunk) => ctx.call<CatalogVariant[], { skus: string[] }>('products.variantsBySku', { skus: chunk })),
            chunked(skus, (chunk) =>
              ctx.call<Record<string, number>, { skus: string[] }>('inventory.availability', { skus: chunk }),
            ),
          ]);
    const shown = shownLines(contents, variants.flat(), Object.assign({}, ...stock));
    const quoteLines = quoteLinesOf(contents.lines, variants.flat());
    const chosen = contents.shipping;
    const now = Date.now();
    const base = priceRequestOf(contents, shown, variants.flat(), customerOf(ctx, cart));
    // A quote in date is priced in alongside: whether it still holds needs the goods value priced without it, as quoted.
    const charge = chosen && chosen.expiresAt > now ? { amount: chosen.price.amount, quoteId: chosen.quoteId } : undefined;
    const price = (r: PriceRequest) => ctx.call<PriceAnswer, PriceRequest>('discounts.price', r);
    let answers: (PriceAnswer | null)[] = [null, null];
    let degraded = false;
    if (base) {
      try {
        answers = await Promise.all([price(base), charge ? price({ ...base, shipping: charge }) : null]);
      } catch (err) {
        degraded = true;
        this.logger.warn(`Cart shown without discounts and tax: discounts.price failed (${(err as Error).message})`);
      }
    }
    try {
      const plain = priceCart(contents, shown, answers[0], degraded);
      const fingerprint = cart ? cartFingerprint(cart.id, contents, goodsValueOf(plain)) : null;
      const staleWhy = chosen ? staleness(chosen, fingerprint, now) : null;
      const answer = (!staleWhy && answers[1]) || answers[0];
      const priced = answer === answers[0] ? plain : priceCart(contents, shown, answer, degraded);
      const held = cart?.checkoutOrderId ? { checkoutOrderId: cart.checkoutOrderId } : {};
      const shipping = shownShipping(chosen, staleWhy !== null);
      const view = {
        ...priced,
        shippingAddress: cart?.shippingAddress ?? null,
        shipping,
        expiresAt: cart?.expiresAt ?? null,
        ...held,
      };
      return { view, answer, quoteLines, fingerprint, staleWhy };
    } catch (err) {
      throw clientError(err);
    }
  },
};
