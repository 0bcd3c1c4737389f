import { Errors } from 'moleculer';
import { caller } from '../../mixins/access/access.middleware';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Filter } from '../../mixins/store/store.types';
import type { Channel, Delivery, Page, Template, TemplateFormat, TemplateView } from './notifications.contract';
import { invalid, type NotificationsActions, type NotificationsContext, type NotificationsThis } from './notifications.methods';
import { createTemplateParams, listDeliveriesParams, listTemplatesParams } from './notifications.params';
import { maskAddress } from './notifications.domain';
import { syntaxProblem } from './notifications.render.domain';
import { templateId } from './notifications.seeds';
import { NOTIFICATIONS_RESPONSES } from './notifications.responses';

type Paging = { page: number; pageSize: number };
type NewTemplate = { key: string; channel: Channel; format: TemplateFormat; subject: string; body: string };
type DeliveryQuery = Paging & Partial<Pick<Delivery, 'userId' | 'orderId' | 'template' | 'channel' | 'status'>>;

const PUBLISH_ATTEMPTS = 5;

export const toTemplateView = ({ templateVersion, ...rest }: Template): TemplateView => ({ ...rest, version: templateVersion });

/** Only the filters the caller gave, as equality conditions. */
const filterOf = (fields: Record<string, string | undefined>): Filter =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Filter;

/** Templates (admin) and the delivery log (admin, support). */
export const adminActions: NotificationsActions = {
  listTemplates: {
    rest: 'GET /templates',
    response: NOTIFICATIONS_RESPONSES.listTemplates,
    access: { roles: ['admin'] },
    idempotent: true,
    params: listTemplatesParams,
    async handler(
      this: NotificationsThis,
      ctx: NotificationsContext<Paging & { key?: string; channel?: Channel }>,
    ): Promise<Page<TemplateView>> {
      const { page, pageSize, key, channel } = ctx.params;
      const filter = filterOf({ key, channel });
      const [rows, total] = await Promise.all([
        this.templates().find({
          filter,
          sort: ['key', 'channel', '-templateVersion'],
          limit: pageSize,
          offset: (page - 1) * pageSize,
        }),
        this.templates().count({ filter }),
      ]);
      return { rows: rows.map(toTemplateView), total, page, pageSize };
    },
  },

  createTemplate: {
    rest: 'POST /templates',
    response: NOTIFICATIONS_RESPONSES.createTemplate,
    access: { roles: ['admin'] },
    idempotent: false,
    params: createTemplateParams,
    async handler(this: NotificationsThis, ctx: NotificationsContext<NewTemplate>): Promise<TemplateView> {
      const { key, channel, format, subject, body } = ctx.params;
      for (const [field, text] of Object.entries({ subject, body })) {
        const problem = syntaxProblem(text);
        if (problem) throw invalid(field, problem);
      }
      if (channel === 'email' && !subject.trim()) throw invalid('subject', 'an email template needs a subject');
      // A new version is the newest plus one; two admins publishing at once clash on the id and the loser renumbers.
      for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
        const [newest] = await this.templateVersions(key, channel);
        const templateVersion = (newest?.templateVersion ?? 0) + 1;
        const template: Template = {
          id: templateId(key, channel, templateVersion),
          key,
          channel,
          templateVersion,
          format,
          subject,
          body,
          createdAt: Date.now(),
          createdBy: caller(ctx).id,
        };
        try {
          await this.templates().insert(template);
          ctx.meta.$statusCode = 201;
          return toTemplateView(template);
        } catch (err) {
          if (!(err instanceof UniqueConflictError)) throw err;
        }
      }
      throw new Errors.MoleculerClientError('Too many concurrent changes; try again', 409, 'CONFLICT');
    },
  },

  /** Admins read deliveries whole; support sees the recipient masked and not what was written to them (names). */
  listDeliveries: {
    rest: 'GET /deliveries',
    response: NOTIFICATIONS_RESPONSES.listDeliveries,
    access: { roles: ['admin', 'support'] },
    idempotent: true,
    params: listDeliveriesParams,
    async handler(this: NotificationsThis, ctx: NotificationsContext<DeliveryQuery>): Promise<Page<Delivery>> {
      const { page, pageSize, userId, orderId, template, channel, status } = ctx.params;
      const filter = filterOf({ userId, orderId, template, channel, status });
      const [rows, total] = await Promise.all([
        this.deliveries().find({ filter, sort: ['-at'], limit: pageSize, offset: (page - 1) * pageSize }),
        this.deliveries().count({ filter }),
      ]);
      const plain = caller(ctx).roles.includes('admin');
      return { rows: plain ? rows : rows.map(supportView), total, page, pageSize };
    },
  },
};

function supportView({ body: _body, data: _data, ...delivery }: Delivery): Delivery {
  return delivery.to ? { ...delivery, to: maskAddress(delivery.to) } : delivery;
}
