import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { ConsumerMixin, type ConsumerSchema } from '../../mixins/messaging/consumer.mixin';
import { PeriodicMixin } from '../../mixins/periodic.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { adminActions } from './notifications.admin.actions';
import { noticeConsumers } from './notifications.events';
import { createMailer } from './notifications.mailer';
import {
  notificationsMethods,
  type NotificationsMethods,
  type NotificationsThis,
  type NotificationsVars,
} from './notifications.methods';
import { notificationsSchema } from './notifications.schema';
import { sendActions } from './notifications.send.actions';

/**
 * Versioned templates, email through nodemailer (JSON lines under DATA_DIR by default, SMTP when
 * configured), per-customer channel preferences, and a delivery log per channel. Order notices
 * come from the checkout saga (`orderNotice`) and from `order.status-changed` events; shipment
 * mails (carrier, tracking link) from `shipment.shipped` and `shipment.delivered`; return mails
 * (request, approval with the label, each receipt, each refund) from the returns service's events.
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
  eventConsumers: noticeConsumers,
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
