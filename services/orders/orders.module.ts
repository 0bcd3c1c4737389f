import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import { currencyParam } from '../../mixins/validation/money';
import { RETURN_EVENTS } from './order.returns';
import { ORDER_STATUSES, type StatusChangedEvent } from './orders.contract';
import { orderHistorySchema, ordersSchema } from './orders.schema';

const status = { type: 'enum', values: [...ORDER_STATUSES] };

/** Orders keeps its status history in a store of its own. */
export default defineService({
  name: 'orders',
  dir: __dirname,
  load: () => import('./orders.service') as Promise<{ default: ServiceSchema }>,
  node: 'commerce',
  stores: {
    orders: { schema: ordersSchema, engine: 'postgres', audited: true },
    'order-history': { schema: orderHistorySchema, engine: 'dynamodb' },
  },
  events: {
    publishes: {
      'order.status-changed': eventSpec<StatusChangedEvent>(1, {
        orderId: id,
        userId: id,
        from: status,
        to: status,
        reason: { type: 'string', max: 500, optional: true },
        total: {
          type: 'object',
          strict: true,
          props: { amount: { type: 'number', integer: true, min: 0 }, currency: currencyParam },
        },
      }),
    },
    consumes: [
      'payment.refunded',
      'payment.captured',
      'shipment.shipped',
      'shipment.delivered',
      'shipment.exception',
      ...RETURN_EVENTS,
    ],
  },
});
