import { refusedWith } from '../saga.errors';
import type { StepContext } from '../saga.types';

type Ending = 'reject' | 'markCancelled';
const ENDED = ['REJECTED', 'CANCELLED'];

/**
 * Moves an order to its terminal status after a failed checkout. An order that already ended
 * (the customer cancelled meanwhile) is left as it is; a PENDING order the state machine does not
 * let go to CANCELLED is rejected instead, so the saga always ends with the order ended.
 */
export async function endOrder(ctx: StepContext<{ orderId: string }>, ending: Ending, reason: string): Promise<void> {
  const { orderId } = ctx.data;
  try {
    await ctx.call(`orders.${ending}`, { orderId, reason });
  } catch (err) {
    if (!refusedWith(err, 409)) throw err;
    const order = await ctx.call<{ status: string }>('orders.get', { orderId });
    if (ENDED.includes(order.status)) return;
    if (order.status === 'PENDING' && ending === 'markCancelled')
      return void (await ctx.call('orders.reject', { orderId, reason }));
    throw err;
  }
}

/** The customer-facing reason for a failed checkout. */
export function failureReason(failedStep: string, type: string | undefined, business: boolean): string {
  if (type === 'INSUFFICIENT_STOCK') return 'out of stock';
  if (type === 'PAYMENT_DECLINED') return 'payment declined';
  if (!business) return `checkout could not complete (${failedStep} unavailable)`;
  return `checkout failed at ${failedStep}`;
}
