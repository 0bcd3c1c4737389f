import type { ServiceSchema } from 'moleculer';
import { defineService } from '../registry.types';
import { notificationsSchema } from './notifications.schema';

export default defineService({
  name: 'notifications',
  dir: __dirname,
  load: () => import('./notifications.service') as Promise<{ default: ServiceSchema }>,
  node: 'commerce',
  stores: { notifications: { schema: notificationsSchema, engine: 'mongo', audited: true } },
  events: {
    publishes: {},
    consumes: [
      'order.status-changed',
      'shipment.shipped',
      'shipment.delivered',
      'return.requested',
      'return.approved',
      'return.received',
      'refund.issued',
    ],
  },
});
