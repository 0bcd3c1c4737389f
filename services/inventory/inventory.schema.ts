import { createOutbox } from '../../mixins/messaging/outbox';
import type { StoreSchema } from '../../mixins/store/store.types';

/** Stock per SKU per warehouse, and the movements ledger that explains every change to it. */
export const inventorySchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-stock-and-movements',
      steps: [
        {
          createCollection: {
            name: 'stock',
            fields: {
              sku: 'string',
              warehouse: 'string',
              onHand: 'int',
              reserved: 'int',
              reorderPoint: 'int',
              priority: 'int',
              updatedAt: 'timestamp',
            },
            unique: [['sku', 'warehouse']],
            indexes: [['sku']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'movements',
            fields: {
              sku: 'string',
              warehouse: 'string',
              onHandDelta: 'int',
              reservedDelta: 'int',
              reason: 'string',
              ref: 'string',
              at: 'timestamp',
            },
            indexes: [['sku'], ['ref']],
          },
        },
      ],
    },
    {
      // Reservations keep `expiresAt` as a plain field (not the store's expiry): a lapsed hold must stay visible until the sweeper releases it.
      name: '0002-reservations-actors-outbox',
      steps: [
        {
          createCollection: {
            name: 'reservations',
            fields: {
              status: 'string',
              lines: 'json',
              expiresAt: 'timestamp',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
              reason: 'string',
            },
            indexes: [['status'], ['expiresAt']],
            versioned: true,
          },
        },
        { addField: { collection: 'movements', field: 'actor', type: 'string' } },
        { addField: { collection: 'movements', field: 'note', type: 'string' } },
        createOutbox,
      ],
    },
    {
      // inventory.returnUnits takes units back only into a warehouse that holds stock (one read by this index).
      name: '0003-stock-by-warehouse',
      steps: [{ addIndex: { collection: 'stock', fields: ['warehouse'] } }],
    },
  ],
};
