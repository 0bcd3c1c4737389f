import { refusedWith } from '../saga.errors';
import type { SagaStep } from '../saga.types';
import type { CancelOrderData } from './cancel-order.types';

/** Still running: try again later (a retryable failure, as a 503 would be). */
class CheckoutStillRunning extends Error {
  readonly code = 503;
  readonly retryable = true;
}

/**
 * An order turns CONFIRMED before its checkout captures and commits: refunding or restocking now
 * would race the checkout. Waits (by retrying) until the checkout saga has ended, and remembers
 * how: after a compensated checkout nothing was charged or sold, so there is nothing to give back.
 */
export const awaitCheckout: SagaStep<CancelOrderData> = {
  id: 'await-checkout',
  deadlineMs: 3_000,
  retry: { attempts: 10, backoffMs: 250 },
  mustComplete: true,
  async invoke(ctx) {
    let status: string;
    try {
      status = (await ctx.call<{ status: string }>('sagas.get', { id: ctx.data.orderId })).status;
    } catch (err) {
      if (refusedWith(err, 404)) return { checkout: 'NONE' };
      throw err;
    }
    if (status === 'COMPLETED' || status === 'COMPENSATED') return { checkout: status };
    if (status === 'NEEDS_ATTENTION') ctx.fail('the checkout saga needs attention first', 'CHECKOUT_PARKED');
    throw new CheckoutStillRunning(`the checkout saga is still ${status}`);
  },
};
