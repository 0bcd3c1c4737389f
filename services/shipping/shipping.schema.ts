import { createInbox } from '../../mixins/messaging/inbox';
import { createOutbox } from '../../mixins/messaging/outbox';
import type { StoreSchema } from '../../mixins/store/store.types';

/**
 * Zones, methods and the quotes made from them. Each zone has a row in `zone_methods` counting its
 * methods: creating or moving a method changes the count in the same atomic unit, and a zone is
 * removed only with its count at 0, so "delete a zone that has methods" is refused by one
 * conditional write (kept apart from the zone so the count never moves the zone's version). Every
 * zone or method write bumps the `catalog` stamp, which tells each node when its cached zones are stale.
 */
export const shippingSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-zones-methods-quotes',
      steps: [
        {
          // A document is a shipping.contract.ts Zone.
          createCollection: {
            name: 'zones',
            fields: {
              name: 'string',
              countries: 'json',
              regions: 'json',
              postcodes: 'json',
              active: 'bool',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            indexes: [['active']],
            versioned: true,
          },
        },
        // id = the zone's id.
        { createCollection: { name: 'zone_methods', fields: { count: 'int' } } },
        {
          createCollection: {
            name: 'methods',
            fields: {
              zoneId: 'string',
              name: 'string',
              serviceLevel: 'string',
              carrier: 'string',
              rateCard: 'json',
              deliveryDays: 'json',
              active: 'bool',
              rateVersion: 'int',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            indexes: [['zoneId'], ['active']],
            versioned: true,
          },
        },
        {
          // Kept past expiresAt (checkQuote answers "expired", not "unknown"); the sweep deletes old ones.
          createCollection: {
            name: 'quotes',
            fields: {
              cartId: 'string',
              fingerprint: 'string',
              zoneId: 'string',
              methodId: 'string',
              rateVersion: 'int',
              name: 'string',
              carrier: 'string',
              serviceLevel: 'string',
              price: 'json',
              estimatedDelivery: 'json',
              parcels: 'int',
              createdAt: 'timestamp',
              expiresAt: 'timestamp',
            },
            indexes: [['cartId'], ['expiresAt']],
          },
        },
        { createCollection: { name: 'stamps', fields: { n: 'int' } } },
      ],
    },
  ],
};

/**
 * Shipments (shipments.contract.ts Shipment), the per-order fulfilment guard that makes "ship" and
 * "cancel" exclusive, and one receipt row per carrier webhook event (the unique id dedupes replays).
 * Shipment events leave through this store's outbox, in the same unit as the shipment write.
 */
export const shipmentsSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-shipments-guards-receipts',
      steps: [
        {
          createCollection: {
            name: 'shipments',
            fields: {
              orderId: 'string',
              userId: 'string',
              warehouse: 'string',
              lines: 'json',
              carrier: 'string',
              serviceLevel: 'string',
              methodId: 'string',
              status: 'string',
              trackingNumber: 'string',
              trackingUrl: 'string',
              label: 'json',
              events: 'json',
              parentId: 'string',
              shippedAt: 'timestamp',
              deliveredAt: 'timestamp',
              cancelledAt: 'timestamp',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            unique: [['trackingNumber']],
            indexes: [['orderId'], ['status'], ['carrier', 'status']],
            versioned: true,
          },
        },
        {
          // id = orderId.
          createCollection: {
            name: 'fulfilment_guards',
            fields: { state: 'string', updatedAt: 'timestamp' },
            versioned: true,
          },
        },
        {
          // id = `${carrier}:${event id}`: a replayed webhook clashes on it and changes nothing.
          createCollection: {
            name: 'tracking_receipts',
            fields: { carrier: 'string', shipmentId: 'string', trackingNumber: 'string', receivedAt: 'timestamp' },
            indexes: [['shipmentId']],
          },
        },
        createOutbox,
        createInbox,
      ],
    },
    {
      // id = shipment id: when the sandbox carrier's next step for it is due. A node sends a step only
      // after its conditional write moved `dueAt` (carriers/sandbox.advance.ts), so one node per step.
      name: '0002-sandbox-steps',
      steps: [{ createCollection: { name: 'sandbox_steps', fields: { dueAt: 'timestamp' } } }],
    },
    {
      // Return parcels (`kind: return`) and exchange shipments (`exchangeFor`, `sourceOrderId`): shipping.returns.ts.
      name: '0003-return-and-exchange-shipments',
      steps: [
        { addField: { collection: 'shipments', field: 'kind', type: 'string' } },
        { addField: { collection: 'shipments', field: 'exchangeFor', type: 'string' } },
        { addField: { collection: 'shipments', field: 'sourceOrderId', type: 'string' } },
      ],
    },
  ],
};
