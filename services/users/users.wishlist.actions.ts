import { Errors } from 'moleculer';
import { caller } from '../../mixins/access/access.middleware';
import { MAX_WISHLIST, type WishlistItem, type WishlistView } from './users.contract';
import { toWishlistView, wishlistId } from './users.domain';
import { limitReached, type UsersActions, type UsersContext, type UsersThis } from './users.methods';
import { idParam } from './users.params';
import { isOutage } from '../../mixins/outage';
import { USERS_RESPONSES } from './users.responses';

const productNotFound = () => new Errors.MoleculerClientError('Product not found', 404, 'NOT_FOUND');

/** Products the caller keeps for later. Adding and removing are idempotent. */
export const wishlistActions: UsersActions = {
  wishlist: {
    rest: 'GET /wishlist',
    response: USERS_RESPONSES.wishlist,
    access: 'authenticated',
    idempotent: true,
    async handler(this: UsersThis, ctx: UsersContext): Promise<WishlistView[]> {
      const profile = await this.ensureProfile(ctx, caller(ctx).id);
      return (await this.wishlist().find({ filter: { userId: profile.id }, sort: ['-addedAt'] })).map(toWishlistView);
    },
  },

  /** 201 when added now, 200 when it was already there. */
  addToWishlist: {
    rest: 'PUT /wishlist/:productId',
    response: USERS_RESPONSES.addToWishlist,
    access: 'authenticated',
    idempotent: false,
    params: { productId: idParam, $$strict: true },
    async handler(this: UsersThis, ctx: UsersContext<{ productId: string }>): Promise<WishlistView> {
      const userId = caller(ctx).id;
      const { productId } = ctx.params;
      const id = wishlistId(userId, productId);
      const result = await this.mutateOwned(ctx, userId, async () => {
        const present = await this.wishlist().get(id);
        if (present) return { ops: [], result: { item: present, created: false } };
        if ((await this.wishlist().count({ filter: { userId } })) >= MAX_WISHLIST)
          throw limitReached('wishlist items', MAX_WISHLIST);
        try {
          await ctx.call('products.get', { id: productId });
        } catch (err) {
          if ((err as Errors.MoleculerError).code === 404 && !isOutage(err)) throw productNotFound();
          throw err;
        }
        const item: WishlistItem = { id, userId, productId, addedAt: Date.now() };
        return { ops: [{ op: 'insert', collection: 'wishlist', doc: item }], result: { item, created: true } };
      });
      if (result.created) ctx.meta.$statusCode = 201;
      return toWishlistView(result.item);
    },
  },

  removeFromWishlist: {
    rest: 'DELETE /wishlist/:productId',
    response: USERS_RESPONSES.removeFromWishlist,
    access: 'authenticated',
    idempotent: false,
    params: { productId: idParam },
    async handler(this: UsersThis, ctx: UsersContext<{ productId: string }>): Promise<null> {
      const userId = caller(ctx).id;
      await this.ensureProfile(ctx, userId);
      await this.wishlist().remove(wishlistId(userId, ctx.params.productId), { where: { userId } });
      ctx.meta.$statusCode = 204;
      return null;
    },
  },
};
