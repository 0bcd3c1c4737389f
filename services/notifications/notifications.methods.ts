import { Errors, type Context, type Service, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import { SYSTEM_PRINCIPAL, type CallerMeta } from '../../mixins/access/access.types';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import type { Delivery, Notice, Recipient, Template } from './notifications.contract';
import type { DeliveryDeps } from './notifications.delivery';
import type { Mailer } from './notifications.mailer';
import type { NoticeDeps } from './notifications.notices';
import { currentByChannel } from './notifications.render.domain';
import { DEFAULT_TEMPLATES, templateId } from './notifications.seeds';
import { isOutage } from '../../mixins/outage';
import { holderGone, holderText, holderUndecided, type ClusterView } from './notifications.claims.domain';

export type NotificationsContext<P = unknown> = Context<P, CallerMeta & { $statusCode?: number; idempotencyKey?: string }>;

export interface NotificationsMethods extends StoresMethods {
  templates(): Collection<Template>;
  deliveries(): Collection<Delivery>;
  notices(): Collection<Notice>;
  /** Every version of a key, newest first (a key has a handful: admins publish them by hand). */
  templateVersions(key: string, channel?: string): Promise<Template[]>;
  currentTemplates(key: string): Promise<Map<string, Template>>;
  seedTemplates(): Promise<number>;
  recipient(ctx: Context, userId: string): Promise<Recipient | null>;
  deliveryDeps(): DeliveryDeps;
  noticeDeps(ctx: Context): NoticeDeps;
  clusterView(): ClusterView;
}
export interface NotificationsVars {
  mailer: Mailer;
  /** When this broker's service started (it connects to the transporter first). */
  upSince: number;
}

export type NotificationsThis = Service & NotificationsMethods & NotificationsVars;
export type NotificationsActions = NonNullable<
  ServiceSchema<ServiceSettingSchema, NotificationsMethods, NotificationsVars>['actions']
>;

const MAX_VERSIONS = 1_000;

export const invalid = (field: string, message: string) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [{ field, message }]);

export const notificationsMethods = {
  templates(this: NotificationsThis) {
    return this.store('notifications').collection<Template>('templates');
  },
  deliveries(this: NotificationsThis) {
    return this.store('notifications').collection<Delivery>('deliveries');
  },
  notices(this: NotificationsThis) {
    return this.store('notifications').collection<Notice>('notices');
  },
  templateVersions(this: NotificationsThis, key: string, channel?: string) {
    return this.templates().find({
      filter: channel ? { key, channel } : { key },
      sort: ['-templateVersion'],
      limit: MAX_VERSIONS,
    });
  },
  async currentTemplates(this: NotificationsThis, key: string) {
    return currentByChannel(await this.templateVersions(key));
  },

  /** Version 1 of every default template that has none yet; safe to run on every start of every node. */
  async seedTemplates(this: NotificationsThis): Promise<number> {
    let created = 0;
    for (const seed of DEFAULT_TEMPLATES) {
      if ((await this.templates().count({ filter: { key: seed.key, channel: seed.channel } })) > 0) continue;
      try {
        await this.templates().insert({
          id: templateId(seed.key, seed.channel, 1),
          ...seed,
          templateVersion: 1,
          createdAt: Date.now(),
        });
        created++;
      } catch (err) {
        if (!(err instanceof UniqueConflictError)) throw err;
      }
    }
    return created;
  },

  async recipient(this: NotificationsThis, ctx: Context, userId: string): Promise<Recipient | null> {
    try {
      return await ctx.call<Recipient, { userId: string }>(
        'users.getPreferences',
        { userId },
        { meta: { user: SYSTEM_PRINCIPAL } },
      );
    } catch (err) {
      if ((err as Errors.MoleculerError).code === 404 && !isOutage(err)) return null;
      throw err;
    }
  },

  deliveryDeps(this: NotificationsThis): DeliveryDeps {
    return { deliveries: this.deliveries(), mailer: this.mailer, logger: this.logger };
  },
  noticeDeps(this: NotificationsThis, ctx: Context): NoticeDeps {
    return {
      ...this.deliveryDeps(),
      notices: this.notices(),
      currentTemplates: (key) => this.currentTemplates(key),
      recipient: (userId) => this.recipient(ctx, userId),
      holder: holderText({ nodeID: this.broker.nodeID, instanceID: this.broker.instanceID }),
      holderGone: (claimedBy) => holderGone(claimedBy, this.clusterView()),
      holderUndecided: (claimedBy) => holderUndecided(claimedBy, this.clusterView()),
    };
  },
  clusterView(this: NotificationsThis): ClusterView {
    // Past the heartbeat timeout every live node has sent its INFO or a heartbeat.
    const heartbeatTimeoutS = this.broker.options.heartbeatTimeout ?? 30;
    // Cut off from the bus, this node has marked its peers gone without knowing: it takes no claim over.
    if (this.broker.transit && !this.broker.transit.connected) return { node: () => undefined, heardFromAll: false };
    return {
      node: (nodeID) => {
        const node = this.broker.registry.nodes.get(nodeID);
        return node ? { available: node.available, instanceID: node.instanceID } : undefined;
      },
      heardFromAll: Date.now() - this.upSince > heartbeatTimeoutS * 1000,
    };
  },
};
