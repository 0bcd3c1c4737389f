import type { SagaStep } from '../saga.types';
import type { Money } from '../../mixins/validation/money';

type NoticeData = { orderId: string; userId: string; amount?: Money };

/**
 * Tells the customer. Best effort: a notification that cannot be sent is recorded on the saga and
 * never undoes a paid order or a refund. The key makes a repeated try send once.
 */
export function notifyStep<D extends NoticeData>(kind: 'confirmed' | 'cancelled'): SagaStep<D> {
  return {
    id: kind === 'confirmed' ? 'notify' : `notify-${kind}`,
    deadlineMs: 3_000,
    retry: { attempts: 3, backoffMs: 250 },
    bestEffort: true,
    async invoke(ctx) {
      const { orderId, userId, amount } = ctx.data;
      const data = { orderId, ...(amount ? { total: amount.amount, currency: amount.currency } : {}) };
      await ctx.call('notifications.orderNotice', { orderId, userId, kind, data });
      return { notified: true } as unknown as Partial<D>;
    },
  };
}
