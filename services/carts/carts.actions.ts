import { Errors } from 'moleculer';
import { config } from '../../config/config';
import { caller } from '../../mixins/access/access.middleware';
import type { CartView } from './carts.contract';
import { addItem, notInCart, removeItem, setQuantity } from './carts.domain';
import { clientError, type CartRef, type CartsActions, type CartsContext, type CartsThis } from './carts.methods';
import { mutationOf } from './carts.mutations';
import { itemParams, noParams, removeItemParams, userParams } from './carts.params';
import { customerCartId, presentedToken } from './carts.tokens.domain';
import { CARTS_RESPONSES } from './carts.responses';

const limits = config().carts;

/** The answer to the anonymous write that created a cart carries its token, once. */
export function withIssuedToken(ctx: CartsContext, ref: CartRef, view: CartView): CartView {
  if (!ref.issuedToken) return view;
  ctx.meta.$responseHeaders = { ...ctx.meta.$responseHeaders, 'X-Cart-Token': ref.issuedToken };
  return { ...view, cartToken: ref.issuedToken };
}

const productNotFound = (sku: string) => new Errors.MoleculerClientError(`No product with SKU ${sku}`, 404, 'NOT_FOUND');

/**
 * The caller's cart under `/api/cart`: a signed-in customer's, or the anonymous one named by the
 * `X-Cart-Token` header. Never cached: prices and stock change under it.
 */
export const cartActions: CartsActions = {
  cart: {
    rest: 'GET /',
    response: CARTS_RESPONSES.cart,
    access: 'public',
    idempotent: true,
    async handler(this: CartsThis, ctx: CartsContext): Promise<CartView> {
      const ref = await this.cartRef(ctx, 'existing');
      return this.view(ctx, ref ? await this.carts().get(ref.id) : null);
    },
  },

  /** Adds `quantity` to the SKU's line (creating it); the anonymous caller's first add creates the cart. */
  addItem: {
    rest: 'POST /items',
    response: CARTS_RESPONSES.addItem,
    access: 'public',
    idempotent: true,
    params: itemParams(limits),
    async handler(this: CartsThis, ctx: CartsContext<{ sku: string; quantity: number }>): Promise<CartView> {
      const { sku, quantity } = ctx.params;
      const variant = await this.catalogVariant(ctx, sku);
      // A draft is not published: it answers like a SKU that does not exist.
      if (!variant || variant.productStatus === 'draft') throw productNotFound(sku);
      if (variant.productStatus !== 'active')
        throw new Errors.MoleculerClientError(`${sku} is no longer sold`, 409, 'NOT_AVAILABLE', { sku });
      if (!variant.price)
        throw new Errors.MoleculerClientError(`${sku} has no price at the moment`, 409, 'PRICE_MISSING', { sku });
      const item = { sku, quantity, productId: variant.productId, name: variant.productName, currency: variant.price.currency };
      const ref = (await this.cartRef(ctx, 'create'))!;
      const cart = await this.mutateCart(
        ref,
        (c) => addItem(c, item, this.limits(), Date.now()),
        mutationOf(ctx, ref.id, 'addItem'),
      );
      return withIssuedToken(ctx, ref, await this.view(ctx, cart));
    },
  },

  /** Sets a line's quantity; 0 is refused (DELETE removes a line). */
  updateItem: {
    rest: 'PATCH /items/:sku',
    response: CARTS_RESPONSES.updateItem,
    access: 'public',
    idempotent: true,
    params: itemParams(limits),
    async handler(this: CartsThis, ctx: CartsContext<{ sku: string; quantity: number }>): Promise<CartView> {
      const { sku, quantity } = ctx.params;
      const ref = await this.cartRef(ctx, 'existing');
      if (!ref) throw clientError(notInCart(sku));
      const cart = await this.mutateCart(
        ref,
        (c) => setQuantity(c, sku, quantity, this.limits()),
        mutationOf(ctx, ref.id, 'updateItem'),
      );
      return this.view(ctx, cart);
    },
  },

  /** Idempotent: 204 whether or not the line was there. */
  removeItem: {
    rest: 'DELETE /items/:sku',
    response: CARTS_RESPONSES.removeItem,
    access: 'public',
    idempotent: true,
    params: removeItemParams,
    async handler(this: CartsThis, ctx: CartsContext<{ sku: string }>): Promise<null> {
      const ref = await this.cartRef(ctx, 'existing');
      if (ref) await this.mutateCart(ref, (c) => removeItem(c, ctx.params.sku), mutationOf(ctx, ref.id, 'removeItem'));
      ctx.meta.$statusCode = 204;
      return null;
    },
  },

  /**
   * Right after login: folds the anonymous cart named by `X-Cart-Token` into the caller's cart and
   * deletes it. Idempotent; without a token (or once merged) it changes nothing.
   */
  merge: {
    rest: 'POST /merge',
    response: CARTS_RESPONSES.merge,
    access: 'authenticated',
    idempotent: false,
    params: noParams,
    async handler(this: CartsThis, ctx: CartsContext): Promise<CartView> {
      const user = caller(ctx);
      const token = presentedToken(ctx.meta.cartToken);
      const merge = token ? await this.mergeAnonymous(user.id, token) : null;
      const view = await this.view(ctx, await this.carts().get(customerCartId(user.id)));
      return { ...view, merge };
    },
  },

  /** A customer's priced cart, for the order saga. */
  get: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: userParams,
    async handler(this: CartsThis, ctx: CartsContext<{ userId: string }>): Promise<CartView> {
      return this.view(ctx, await this.carts().get(customerCartId(ctx.params.userId)));
    },
  },

  /** Empties a customer's cart (after an order is placed). Idempotent. */
  clear: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: userParams,
    async handler(this: CartsThis, ctx: CartsContext<{ userId: string }>): Promise<{ cleared: boolean }> {
      return { cleared: (await this.carts().remove(customerCartId(ctx.params.userId))) !== null };
    },
  },
};
