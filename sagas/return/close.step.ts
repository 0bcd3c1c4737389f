import type { SagaStep } from '../saga.types';
import type { ReturnData } from './return.types';
import { priceLeft } from './settle';

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
    const { returnId, orderId, resolution, exchangePrice = 0 } = ctx.data;
    // Whether the order is now wholly returned is the returns service's answer, over all its returns.
    const { orderFullyReturned } = await ctx.call<{ orderFullyReturned: boolean }>('returns.markClosed', { returnId });
    if (orderFullyReturned) await ctx.call('discounts.releaseUsage', { orderId, reason: 'returned' });
    const uncharged = resolution === 'exchange' ? priceLeft(ctx.data, exchangePrice) : 0;
    return {
      closed: true,
      orderReturned: orderFullyReturned,
      promotionsReleased: orderFullyReturned,
      ...(uncharged ? { exchangeUncharged: uncharged } : {}),
    };
  },
};
