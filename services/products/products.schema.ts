import type { StoreSchema } from '../../mixins/store/store.types';

/** The catalog store's versioned schema. Variants (SKUs), attributes and prices live as json. */
export const catalogSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-products',
      steps: [
        {
          createCollection: {
            name: 'products',
            fields: {
              slug: 'string',
              name: 'string',
              description: 'string',
              brand: 'string',
              categoryId: 'string',
              status: 'string',
              attributes: 'json',
              variants: 'json',
              images: 'json',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            unique: [['slug']],
            indexes: [['status'], ['brand'], ['categoryId']],
            versioned: true,
          },
        },
      ],
    },
  ],
};
