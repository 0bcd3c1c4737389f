import { createProcessedCalls } from '../../mixins/messaging/idempotency';
import { createInbox } from '../../mixins/messaging/inbox';
import { createOutbox } from '../../mixins/messaging/outbox';
import { createPiiKeys } from '../../mixins/pii/keyring';
import type { StoreSchema } from '../../mixins/store/store.types';

/**
 * Orders with their items, snapshots and totals inline (an order is read and written whole), the
 * append-only event log it can be replayed from, the customers' Idempotency-Keys, the outbox and
 * the saga calls already processed. Placing an order and every transition is one atomic unit here.
 */
export const ordersSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-orders',
      steps: [
        {
          createCollection: {
            name: 'orders',
            fields: {
              userId: 'string',
              status: 'string',
              items: 'json',
              totals: 'json',
              shippingAddress: 'json',
              billingAddress: 'json',
              payment: 'json',
              idempotencyKey: 'string',
              reason: 'string',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            indexes: [['userId'], ['status']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'order_events',
            fields: { orderId: 'string', seq: 'int', type: 'string', data: 'json', at: 'timestamp' },
            unique: [['orderId', 'seq']],
            indexes: [['orderId']],
          },
        },
        {
          createCollection: {
            name: 'idempotency_keys',
            fields: { userId: 'string', key: 'string', orderId: 'string', createdAt: 'timestamp' },
            unique: [['userId', 'key']],
          },
        },
        createOutbox,
        createProcessedCalls,
      ],
    },
    {
      name: '0002-idempotency-fingerprint',
      steps: [{ addField: { collection: 'idempotency_keys', field: 'fingerprint', type: 'string' } }],
    },
    {
      // Address snapshots (and the created event that repeats them) sealed at rest; older rows are sealed on the next start.
      name: '0003-pii-at-rest',
      steps: [...createPiiKeys],
    },
    {
      // The promotions applied (with their versions) and the tax rates, as the order was priced.
      name: '0004-promotions-and-tax',
      steps: [
        { addField: { collection: 'orders', field: 'promotions', type: 'json' } },
        { addField: { collection: 'orders', field: 'tax', type: 'json' } },
      ],
    },
    {
      // The shipments the order has heard of (status, lines, seq) and the inbox that dedupes their events.
      name: '0005-fulfilment',
      steps: [{ addField: { collection: 'orders', field: 'fulfilment', type: 'json' } }, createInbox],
    },
    {
      // The shipping quote an order was charged (OrderShipping, snapshotted from the cart's claim).
      name: '0006-order-shipping',
      steps: [{ addField: { collection: 'orders', field: 'shipping', type: 'json' } }],
    },
    {
      // The returns the order has heard of (status, lines, seq), from the returns service's events.
      name: '0007-order-returns',
      steps: [{ addField: { collection: 'orders', field: 'returns', type: 'json' } }],
    },
  ],
  sealed: {
    orders: { fields: ['shippingAddress', 'billingAddress'] },
    order_events: { fields: ['data'] },
  },
};

/** One row per status an order reached, keyed `orderId:status` (DynamoDB by default). */
export const orderHistorySchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-status-history',
      steps: [
        {
          createCollection: {
            name: 'status_history',
            fields: { orderId: 'string', from: 'string', to: 'string', at: 'timestamp', reason: 'string' },
            indexes: [['orderId']],
          },
        },
      ],
    },
  ],
};
