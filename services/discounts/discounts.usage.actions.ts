import type { PriceAnswer, PriceRequest, ReleaseUsageRequest, ReserveUsageRequest, UsageRow } from './discounts.contract';
import type { Ctx, DiscountsActions, DiscountsThis } from './discounts.methods';
import { commitUsageParams, priceParams, releaseUsageParams, reserveUsageParams } from './discounts.params';

/** What carts, orders and the sagas call: pricing, and promotion limits (see discounts.usage.ts). Internal only; each is idempotent (per order). */
export const usageActions: DiscountsActions = {
  /** Prices a cart or an order with its promotions and tax (see discounts.price.ts). Reads only. */
  price: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: priceParams,
    handler(this: DiscountsThis, ctx: Ctx<PriceRequest>): Promise<PriceAnswer> {
      // Asked only when a firstOrder promotion could apply; orders unreachable fails the price (carts then refuses checkout).
      const hasOrders = async (userId: string) =>
        (await ctx.call<{ hasOrders: boolean }, { userId: string }>('orders.customerHasOrders', { userId })).hasOrders;
      return this.pricing().price(ctx.params, hasOrders);
    },
  },
  reserveUsage: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: reserveUsageParams,
    handler(this: DiscountsThis, ctx: Ctx<ReserveUsageRequest>): Promise<UsageRow[]> {
      return this.usage().reserve(ctx.params);
    },
  },
  commitUsage: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: commitUsageParams,
    handler(this: DiscountsThis, ctx: Ctx<{ orderId: string }>): Promise<UsageRow[]> {
      return this.usage().commit(ctx.params.orderId);
    },
  },
  releaseUsage: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: releaseUsageParams,
    handler(this: DiscountsThis, ctx: Ctx<ReleaseUsageRequest>): Promise<UsageRow[]> {
      return this.usage().release(ctx.params.orderId, ctx.params.reason);
    },
  },
  /** What the periodic sweep does, on demand (tests, operators): how many reserved uses it released. */
  sweepExpiredUsage: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { $$strict: true },
    handler(this: DiscountsThis): Promise<number> {
      return this.usage().expireDue();
    },
  },
};
