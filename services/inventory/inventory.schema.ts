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
            fields: { sku: 'string', warehouse: 'string', onHand: 'int', reserved: 'int', reorderPoint: 'int', priority: 'int', updatedAt: 'timestamp' },
            unique: [['sku', 'warehouse']],
            indexes: [['sku']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'movements',
            fields: { sku: 'string', warehouse: 'string', onHandDelta: 'int', reservedDelta: 'int', reason: 'string', ref: 'string', at: 'timestamp' },
            indexes: [['sku'], ['ref']],
          },
        },
      ],
    },
  ],
};
