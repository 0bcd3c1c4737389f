import type { SagaStep, StepContext } from '../saga.types';
import type { CheckoutData } from './checkout.types';

/**
 * The order is paid and its stock sold: the cart it claimed at placing is given up (removed). Best
 * effort, like the notice: a cart left behind never undoes a paid order, and carts finishes a
 * claim whose order has ended the next time the customer touches the cart.
 */
export const settleCart: SagaStep<CheckoutData> = {
  id: 'settle-cart',
  deadlineMs: 3_000,
  retry: { attempts: 3, backoffMs: 250 },
  bestEffort: true,
  async invoke(ctx) {
    await ctx.call('carts.settle', { userId: ctx.data.userId, orderId: ctx.data.orderId });
    return { cartSettled: true };
  },
};

/**
 * A failed checkout gives the customer their cart back (the claim is lifted; the lines were never
 * touched). Best effort: the order must end even while carts is down, and carts lets go of a claim
 * whose order ended the next time the customer touches the cart (carts.claim.domain.ts).
 */
export async function releaseCart(ctx: StepContext<Pick<CheckoutData, 'userId' | 'orderId'>>): Promise<void> {
  await ctx.call('carts.release', { userId: ctx.data.userId, orderId: ctx.data.orderId }).catch(() => undefined);
}
