import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { Collection } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import type { Cart, CartLimits, CartOwner, CatalogVariant, CartView, MergeReport } from './carts.contract';
import type { CartContents } from './carts.domain';
import { priceCart } from './carts.pricing.domain';
import { anonymousCartId, customerCartId, newCartToken, presentedToken } from './carts.tokens.domain';
import type { ClaimMethods } from './carts.checkout';
import { cartWrites, clientError } from './carts.writes';

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

export interface CartsMethods extends StoresMethods, ClaimMethods {
  carts(): Collection<Cart>;
  limits(): CartLimits;
  cartRef(ctx: CartsContext, intent: 'existing' | 'create'): Promise<CartRef | null>;
  mutateCart(ref: CartRef, apply: (cart: CartContents) => CartContents | null, mutation?: string): Promise<Cart | null>;
  mergeAnonymous(userId: string, token: string): Promise<MergeReport | null>;
  catalogVariant(ctx: Context, sku: string): Promise<CatalogVariant | null>;
  view(ctx: Context, cart: Cart | null): Promise<CartView>;
}
export type CartsThis = Service & CartsMethods;
export type CartsActions = NonNullable<ServiceSchema<ServiceSettingSchema, CartsMethods>['actions']>;

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
    return { maxLines, maxQuantity };
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
    const lines = cart?.lines ?? [];
    const skus = lines.map((l) => l.sku);
    const [variants, stock] =
      skus.length === 0
        ? [[], []]
        : await Promise.all([
            chunked(skus, (chunk) => ctx.call<CatalogVariant[], { skus: string[] }>('products.variantsBySku', { skus: chunk })),
            chunked(skus, (chunk) =>
              ctx.call<Record<string, number>, { skus: string[] }>('inventory.availability', { skus: chunk }),
            ),
          ]);
    try {
      const priced = priceCart(lines, cart?.currency, variants.flat(), Object.assign({}, ...stock));
      const held = cart?.checkoutOrderId ? { checkoutOrderId: cart.checkoutOrderId } : {};
      return { ...priced, expiresAt: cart?.expiresAt ?? null, ...held };
    } catch (err) {
      throw clientError(err);
    }
  },
};
