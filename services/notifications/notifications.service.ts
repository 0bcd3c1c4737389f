import type { Context, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { ConsumerMixin, type ConsumerSchema } from '../../mixins/messaging/consumer.mixin';
import { applyOnce, INBOX } from '../../mixins/messaging/inbox';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { PeriodicMixin } from '../../mixins/periodic.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { adminActions } from './notifications.admin.actions';
import type { OrderStatusChanged } from './notifications.contract';
import { noticeForStatus } from './notifications.domain';
import { createMailer } from './notifications.mailer';
import {
  notificationsMethods,
  type NotificationsMethods,
  type NotificationsThis,
  type NotificationsVars,
} from './notifications.methods';
import { noticeOrder } from './notifications.notices';
import { notificationsSchema } from './notifications.schema';
import { sendActions } from './notifications.send.actions';

const isStatusChange = (e: EventEnvelope<OrderStatusChanged> | undefined): e is EventEnvelope<OrderStatusChanged> =>
  typeof e?.id === 'string' &&
  typeof e.data?.orderId === 'string' &&
  typeof e.data.userId === 'string' &&
  typeof e.data.to === 'string';

/**
 * Versioned templates, email through nodemailer (JSON lines under DATA_DIR by default, SMTP when
 * configured), per-customer channel preferences, and a delivery log per channel. Order notices
 * come from the checkout saga (`orderNotice`) and from `order.status-changed` events.
 */
const NotificationsService: ServiceSchema<ServiceSettingSchema, NotificationsMethods, NotificationsVars> &
  ConsumerSchema<NotificationsThis> = {
  name: 'notifications',
  settings: { rest: '/notifications' },
  mixins: [
    StoresMixin({ notifications: notificationsSchema }),
    ConsumerMixin(),
    PeriodicMixin<NotificationsThis>('Notice retry sweep', {
      everyMs: () => config().notices.retrySweepMs,
      run() {
        return this.actions.retryNotices({});
      },
    }),
  ],
  actions: { ...sendActions, ...adminActions },
  // Durable (JetStream in cluster mode): a status change made while notifications was down is still noticed.
  eventConsumers: {
    'order.status-changed': {
      // One order's changes in turn (a cancellation mail never overtakes its confirmation), orders side by side.
      key: (envelope) => (envelope.data as Partial<OrderStatusChanged> | undefined)?.orderId,
      async handler(this: NotificationsThis, event: EventEnvelope, ctx: Context) {
        const envelope = event as EventEnvelope<OrderStatusChanged>;
        if (!isStatusChange(envelope)) {
          this.logger.warn(
            `Ignoring a malformed order.status-changed event ${String((event as { id?: unknown } | undefined)?.id)}`,
          );
          return;
        }
        const { orderId, userId, to, reason, total } = envelope.data;
        const kind = noticeForStatus(to);
        if (!kind) return;
        const store = this.store('notifications');
        if (await store.collection(INBOX.name).get(envelope.id)) return;
        await noticeOrder(this.noticeDeps(ctx), {
          orderId,
          userId,
          kind,
          data: { reason, total },
          requestId: ctx.requestID ?? undefined,
        });
        await applyOnce(store, envelope, []);
      },
    },
  },
  methods: notificationsMethods,
  created(this: NotificationsThis) {
    // A bad MAIL_TRANSPORT or MAIL_FROM stops the service here, naming the variable.
    this.mailer = createMailer(config().mail, config().dataDir);
  },
  async started(this: NotificationsThis) {
    this.upSince = Date.now();
    await this.ensureConnected('notifications');
    const created = await this.seedTemplates();
    if (created) this.logger.info(`Seeded ${created} default notification templates`);
  },
  stopped(this: NotificationsThis) {
    this.mailer.close();
  },
};

export default NotificationsService;
