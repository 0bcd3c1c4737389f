import type { ReleaseUsageRequest, ReserveUsageRequest, UsageRow } from './discounts.contract';
import type { Ctx, DiscountsActions, DiscountsThis } from './discounts.methods';
import { commitUsageParams, releaseUsageParams, reserveUsageParams } from './discounts.params';

/** The checkout and cancel sagas' side of promotion limits (see discounts.usage.ts). Internal only; each is idempotent per order. */
export const usageActions: DiscountsActions = {
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
