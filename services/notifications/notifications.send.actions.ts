import { runOnce } from '../../mixins/messaging/idempotency';
import type { Channel, DeliverySummary, NoticeKind, NoticeResult } from './notifications.contract';
import { deliver } from './notifications.delivery';
import { invalid, type NotificationsActions, type NotificationsContext, type NotificationsThis } from './notifications.methods';
import { noticeOrder, retryNotices } from './notifications.notices';
import { orderNoticeParams, sendParams } from './notifications.params';

type SendParams = {
  channel: Channel;
  to: string;
  template: string;
  data?: Record<string, string | number | boolean>;
  userId?: string;
};
type OrderNoticeParams = { orderId: string; userId: string; kind: NoticeKind; data?: Record<string, unknown> };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const KEY = /^[\x21-\x7e]{1,256}$/;

/** What other services call: a direct transactional send, and the saga's order notice. */
export const sendActions: NotificationsActions = {
  send: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: sendParams,
    async handler(this: NotificationsThis, ctx: NotificationsContext<SendParams>): Promise<DeliverySummary> {
      const { channel, to, template, data, userId } = ctx.params;
      if (channel === 'email' && !EMAIL.test(to)) throw invalid('to', 'must be an email address');
      const current = await this.currentTemplates(template);
      return deliver(this.deliveryDeps(), {
        templateKey: template,
        template: current.get(channel),
        channel,
        to,
        userId,
        requestId: ctx.requestID ?? undefined,
        data,
        vars: data ?? {},
      });
    },
  },

  orderNotice: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: orderNoticeParams,
    async handler(this: NotificationsThis, ctx: NotificationsContext<OrderNoticeParams>): Promise<NoticeResult> {
      const key =
        typeof ctx.meta.idempotencyKey === 'string' && KEY.test(ctx.meta.idempotencyKey) ? ctx.meta.idempotencyKey : undefined;
      const notice = { ...ctx.params, requestId: ctx.requestID ?? undefined };
      // The notice dedupes per (order, kind) and writes its own rows as it sends; the processed-call
      // record makes a repeated step answer with the first result.
      const { result } = await runOnce(this.store('notifications'), key, 'notifications.orderNotice', async () => ({
        ops: [],
        result: await noticeOrder(this.noticeDeps(ctx), notice),
      }));
      return result;
    },
  },

  /** The retry sweep's pass (also for operators at the REPL): sends again the notices that are due. */
  retryNotices: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: { $$strict: true },
    async handler(this: NotificationsThis, ctx: NotificationsContext): Promise<{ resent: number }> {
      return { resent: await retryNotices(this.noticeDeps(ctx)) };
    },
  },
};
