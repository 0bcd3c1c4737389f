import { createProcessedCalls } from '../../mixins/messaging/idempotency';
import { createOutbox } from '../../mixins/messaging/outbox';
import type { StoreSchema } from '../../mixins/store/store.types';

/**
 * Payments (one per order, keyed by order id), every provider call, refunds, the append-only
 * status audit, provider webhook events seen, and the sandbox provider's own records
 * (`sandbox_*`: the provider's side, which only the sandbox writes).
 */
export const paymentsSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-payments',
      steps: [
        {
          createCollection: {
            name: 'payments',
            fields: {
              userId: 'string',
              status: 'string',
              amount: 'int',
              currency: 'string',
              providerRef: 'string',
              declineCode: 'string',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            indexes: [['providerRef'], ['status']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'transactions',
            fields: {
              orderId: 'string',
              kind: 'string',
              idempotencyKey: 'string',
              outcome: 'string',
              amount: 'int',
              currency: 'string',
              providerRef: 'string',
              code: 'string',
              startedAt: 'timestamp',
              finishedAt: 'timestamp',
              durationMs: 'int',
            },
            indexes: [['orderId'], ['idempotencyKey']],
          },
        },
        {
          createCollection: {
            name: 'refunds',
            fields: {
              orderId: 'string',
              providerRef: 'string',
              refundRef: 'string',
              amount: 'int',
              currency: 'string',
              reason: 'string',
              origin: 'string',
              createdAt: 'timestamp',
            },
            indexes: [['orderId']],
          },
        },
        {
          createCollection: {
            name: 'payment_audit',
            fields: {
              orderId: 'string',
              from: 'string',
              to: 'string',
              at: 'timestamp',
              reason: 'string',
              actor: 'string',
              requestId: 'string',
            },
            indexes: [['orderId']],
          },
        },
        {
          createCollection: {
            name: 'webhook_events',
            fields: { type: 'string', providerRef: 'string', outcome: 'string', receivedAt: 'timestamp' },
          },
        },
        {
          createCollection: {
            name: 'sandbox_charges',
            fields: {
              orderId: 'string',
              status: 'string',
              amount: 'int',
              currency: 'string',
              refundRef: 'string',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            indexes: [['orderId']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'sandbox_requests',
            fields: { operation: 'string', providerRef: 'string', response: 'json', at: 'timestamp' },
          },
        },
        createProcessedCalls,
        createOutbox,
      ],
    },
    {
      // Partial refunds: the payment's refunded total (the figure its conditional write guards),
      // each refund's key and state, and the sandbox's own refunded total per charge.
      name: '0002-partial-refunds',
      steps: [
        { addField: { collection: 'payments', field: 'refunded', type: 'int' } },
        { addField: { collection: 'refunds', field: 'refundKey', type: 'string' } },
        { addField: { collection: 'refunds', field: 'state', type: 'string' } },
        { addField: { collection: 'refunds', field: 'refundedTotal', type: 'int' } },
        { addField: { collection: 'sandbox_charges', field: 'refunded', type: 'int' } },
      ],
    },
  ],
};
