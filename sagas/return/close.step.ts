import type { SagaStep } from '../saga.types';
import type { ReturnData } from './return.types';

/**
 * Ends the return (`return.closed`). When its units were the order's last, the order's promotion
 * uses go back, or not: discounts decides per promotion. A partial return keeps the discount it got.
 */
export const close: SagaStep<ReturnData> = {
  id: 'close',
  deadlineMs: 3_000,
  retry: { attempts: 6, backoffMs: 250 },
  mustComplete: true,
  async invoke(ctx) {
    const { returnId, orderId, resolution, exchangePrice = 0, exchangeCreditUsed = 0 } = ctx.data;
    await ctx.call('returns.markClosed', { returnId });
    if (ctx.data.orderReturned) await ctx.call('discounts.releaseUsage', { orderId, reason: 'returned' });
    const uncharged = resolution === 'exchange' ? Math.max(0, exchangePrice - exchangeCreditUsed) : 0;
    return { closed: true, promotionsReleased: ctx.data.orderReturned === true, ...(uncharged ? { exchangeUncharged: uncharged } : {}) };
  },
};
