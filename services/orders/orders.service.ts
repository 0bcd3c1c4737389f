import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { orderActions } from './orders.actions';
import { ordersMethods, type OrdersMethods } from './orders.methods';
import { placing } from './orders.place';
import { sagaActions } from './orders.saga.actions';
import { orderHistorySchema, ordersSchema } from './orders.schema';
import { StalledCheckoutSweep, stalledActions } from './orders.stalled';

/**
 * Orders: placed from the customer's cart (idempotent per Idempotency-Key), moved through a
 * guarded status machine by the checkout and cancel sagas and by admins, every change logged
 * (replayable event log, status history store) and published (`order.status-changed`, outbox).
 */
const OrdersService: ServiceSchema<ServiceSettingSchema, OrdersMethods> = {
  name: 'orders',
  mixins: [
    StoresMixin({ orders: ordersSchema, 'order-history': orderHistorySchema }),
    OutboxMixin('orders'),
    StalledCheckoutSweep,
  ],
  settings: { rest: '/orders' },
  actions: { ...orderActions, ...sagaActions, ...stalledActions },
  methods: { ...ordersMethods, ...placing },
};

export default OrdersService;
