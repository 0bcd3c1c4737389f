import { createProcessedCalls } from '../../mixins/messaging/idempotency';
import { createInbox } from '../../mixins/messaging/inbox';
import { createPiiKeys } from '../../mixins/pii/keyring';
import { normalizeEmail } from '../../mixins/pii/normalize';
import type { StoreSchema } from '../../mixins/store/store.types';

/** The notifications store (MongoDB by default): templates, the delivery log, order notice claims, and the dedupe records. */
export const notificationsSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-notifications',
      steps: [
        {
          createCollection: {
            name: 'templates',
            fields: {
              key: 'string',
              channel: 'string',
              templateVersion: 'int',
              format: 'string',
              subject: 'string',
              body: 'string',
              createdAt: 'timestamp',
              createdBy: 'string',
            },
            unique: [['key', 'channel', 'templateVersion']],
            indexes: [['key']],
          },
        },
        {
          createCollection: {
            name: 'deliveries',
            fields: {
              userId: 'string',
              to: 'string',
              template: 'string',
              templateVersion: 'int',
              channel: 'string',
              status: 'string',
              error: 'string',
              messageId: 'string',
              subject: 'string',
              body: 'string',
              data: 'json',
              orderId: 'string',
              requestId: 'string',
              at: 'timestamp',
            },
            indexes: [['userId'], ['at'], ['orderId']],
          },
        },
        {
          createCollection: {
            name: 'notices',
            fields: {
              orderId: 'string',
              userId: 'string',
              kind: 'string',
              status: 'string',
              claimedAt: 'timestamp',
              deliveries: 'json',
            },
            indexes: [['orderId']],
          },
        },
        createProcessedCalls,
        createInbox,
      ],
    },
    {
      // What a retry needs to send the notice again without its caller: the data and the count so far.
      name: '0002-notice-retries',
      steps: [
        { addField: { collection: 'notices', field: 'data', type: 'json' } },
        { addField: { collection: 'notices', field: 'requestId', type: 'string' } },
        { addField: { collection: 'notices', field: 'attempts', type: 'int' } },
        { addIndex: { collection: 'notices', fields: ['status'] } },
      ],
    },
    {
      // The delivery log's recipients and what was sent them, sealed at rest; older rows are sealed on the next start.
      name: '0003-pii-at-rest',
      steps: [
        ...createPiiKeys,
        { addField: { collection: 'deliveries', field: 'toHash', type: 'string' } },
        { addIndex: { collection: 'deliveries', fields: ['toHash'] } },
      ],
    },
    {
      // Who holds a notice's claim: a dead holder's claim is taken over at once (notifications.claims.domain.ts).
      name: '0004-notice-claim-holder',
      steps: [{ addField: { collection: 'notices', field: 'claimedBy', type: 'string' } }],
    },
    {
      // When the claim's holder handed the mail over: a dead holder's mail may be out, so it is not sent twice.
      name: '0005-notice-mail-started',
      steps: [{ addField: { collection: 'notices', field: 'mailStartedAt', type: 'timestamp' } }],
    },
    {
      name: '0006-notice-mail-delivery-id',
      steps: [{ addField: { collection: 'notices', field: 'mailDeliveryId', type: 'string' } }],
    },
    {
      // Shipment mails: one notice per (shipment, kind), and the deliveries that say which shipment they told of.
      name: '0007-shipment-notices',
      steps: [
        { addField: { collection: 'notices', field: 'shipmentId', type: 'string' } },
        { addField: { collection: 'deliveries', field: 'shipmentId', type: 'string' } },
      ],
    },
    {
      // Return mails: one notice per (return, kind), a receipt's per (receipt, kind); the deliveries say which.
      name: '0008-return-notices',
      steps: ['notices', 'deliveries'].flatMap((collection) => [
        { addField: { collection, field: 'returnId', type: 'string' } },
        { addField: { collection, field: 'receiptId', type: 'string' } },
      ]),
    },
  ],
  // Found by recipient through its keyed hash (emails in their one normal form).
  sealed: {
    deliveries: {
      fields: ['to', 'subject', 'body', 'data'],
      hashed: { to: { into: 'toHash', normalize: (to) => (to.includes('@') ? normalizeEmail(to) : to) } },
    },
  },
};
