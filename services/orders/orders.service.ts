import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { ConsumerMixin, type ConsumerSchema } from '../../mixins/messaging/consumer.mixin';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { orderActions } from './orders.actions';
import { customerActions } from './orders.customer.actions';
import { fulfilmentConsumers } from './orders.fulfilment';
import { ordersMethods, type OrdersMethods, type OrdersThis } from './orders.methods';
import { paymentReportConsumers } from './orders.payment-reports';
import { placing } from './orders.place';
import { returnConsumers } from './orders.returns';
import { sagaActions } from './orders.saga.actions';
import { orderHistorySchema, ordersSchema } from './orders.schema';
import { StalledCheckoutSweep, stalledActions } from './orders.stalled';

/**
 * Orders: placed from the customer's cart (idempotent per Idempotency-Key), moved through a
 * guarded status machine by the checkout and cancel sagas and by shipment events, every change logged
 * (replayable event log, status history store) and published (`order.status-changed`, outbox).
 */
const OrdersService: ServiceSchema<ServiceSettingSchema, OrdersMethods> & ConsumerSchema<OrdersThis> = {
  name: 'orders',
  mixins: [
    StoresMixin({ orders: ordersSchema, 'order-history': orderHistorySchema }),
    OutboxMixin('orders'),
    StalledCheckoutSweep,
    ConsumerMixin(),
  ],
  // Refunds and captures the platform did not ask for (provider webhooks) are reconciled into the
  // order; shipment events move it through PARTIALLY_SHIPPED, SHIPPED and DELIVERED; return events
  // give its lines their returned and refunded units.
  eventConsumers: { ...paymentReportConsumers, ...fulfilmentConsumers, ...returnConsumers },
  settings: { rest: '/orders' },
  actions: { ...orderActions, ...sagaActions, ...stalledActions, ...customerActions },
  methods: { ...ordersMethods, ...placing },
};

export default OrdersService;
