import { endingAfterRefusal } from '../../services/orders/order.aggregate';
import type { OrderStatus } from '../../services/orders/orders.contract';
import { refusedWith } from '../saga.errors';
import type { StepContext } from '../saga.types';

type Ending = 'reject' | 'markCancelled';

/** Moves an order to its terminal status after a failed checkout; a refusal is settled by the order's own rule. */
export async function endOrder(ctx: StepContext<{ orderId: string }>, ending: Ending, reason: string): Promise<void> {
  const { orderId } = ctx.data;
  try {
    await ctx.call(`orders.${ending}`, { orderId, reason });
  } catch (err) {
    if (!refusedWith(err, 409)) throw err;
    const order = await ctx.call<{ status: OrderStatus }>('orders.get', { orderId });
    const next = endingAfterRefusal(order.status, ending === 'reject' ? 'REJECTED' : 'CANCELLED');
    if (next === 'done') return;
    if (next === 'REJECTED') return void (await ctx.call('orders.reject', { orderId, reason }));
    throw err;
  }
}

/** The customer-facing reason for a failed checkout. */
export function failureReason(failedStep: string, type: string | undefined, business: boolean): string {
  if (type === 'INSUFFICIENT_STOCK') return 'out of stock';
  if (type === 'PAYMENT_DECLINED') return 'payment declined';
  if (type === 'PROMOTION_LIMIT_REACHED') return 'promotion no longer available';
  if (!business) return `checkout could not complete (${failedStep} unavailable)`;
  return `checkout failed at ${failedStep}`;
}
