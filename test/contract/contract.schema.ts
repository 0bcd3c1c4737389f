import type { StoreSchema } from '../../mixins/store/store.types';

/** The schema every engine is proved against: one of each field type, unique sets, expiry, versions. */
export const contractSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-stock',
      steps: [
        {
          createCollection: {
            name: 'stock',
            fields: {
              sku: 'string',
              warehouse: 'string',
              available: 'int',
              active: 'bool',
              meta: 'json',
              updatedAt: 'timestamp',
            },
            unique: [['sku', 'warehouse']],
            indexes: [['sku']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'holds',
            fields: { orderId: 'string', qty: 'int', expiresAt: 'timestamp' },
            indexes: [['orderId']],
            expiresAt: 'expiresAt',
          },
        },
        { createCollection: { name: 'outbox', fields: { type: 'string', payload: 'json', createdAt: 'timestamp' } } },
      ],
    },
    {
      name: '0002-stock-email-and-note',
      steps: [
        { addField: { collection: 'stock', field: 'note', type: 'string' } },
        { addField: { collection: 'outbox', field: 'key', type: 'string' } },
        { addIndex: { collection: 'outbox', fields: ['key'], unique: true } },
      ],
    },
  ],
};

export interface StockDoc {
  id: string;
  sku: string;
  warehouse: string;
  available: number;
  active?: boolean;
  meta?: unknown;
  updatedAt?: number;
  note?: string;
  version?: number;
  [k: string]: unknown;
}
