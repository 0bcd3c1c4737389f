import { PeriodicMixin } from '../../mixins/periodic.mixin';
import type { OrdersActions, OrdersContext, OrdersThis } from './orders.methods';

/** Checkout takes well under this; a PENDING order older than it may never have got its saga. */
const STALLED_AFTER_MS = 60_000;
/** Older than this, a PENDING order is an operator's case (the auditor's), not a retry's. */
const GIVE_UP_AFTER_MS = 86_400_000;
const SWEEP_MS = 60_000;
const BATCH = 100;

/**
 * An order is written before its checkout saga starts. When starting failed, the client was
 * told 503 and to retry with its Idempotency-Key; a client that never does would leave the order
 * PENDING for ever, holding nothing. This sweep asks again for every PENDING order past the
 * threshold: starting is idempotent by order id, so an order whose saga runs or ran is untouched.
 */
export const stalledActions: OrdersActions = {
  startStalled: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: { olderThanMs: { type: 'number', integer: true, min: 0, optional: true }, $$strict: true },
    async handler(this: OrdersThis, ctx: OrdersContext<{ olderThanMs?: number }>): Promise<{ asked: number; failed: number }> {
      const now = Date.now();
      const createdAt = { $lt: now - (ctx.params.olderThanMs ?? STALLED_AFTER_MS), $gt: now - GIVE_UP_AFTER_MS };
      const stalled = await this.orders().find({ filter: { status: 'PENDING', createdAt }, sort: ['createdAt'], limit: BATCH });
      let failed = 0;
      for (const order of stalled) {
        // startCheckout logs and throws a retryable error when the coordinator is away: the next sweep tries again.
        await this.startCheckout(ctx, order).catch(() => failed++);
      }
      return { asked: stalled.length, failed };
    },
  },
};

export const StalledCheckoutSweep = PeriodicMixin<OrdersThis>('Stalled checkout sweep', {
  everyMs: () => SWEEP_MS,
  run() {
    return this.actions.startStalled({});
  },
});
