import { createOutbox } from '../../mixins/messaging/outbox';
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
    {
      name: '0002-categories-skus-schedules-outbox',
      steps: [
        {
          createCollection: {
            name: 'categories',
            fields: {
              slug: 'string',
              name: 'string',
              parentId: 'string',
              path: 'string',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            unique: [['slug']],
            // `path` serves "a category and its descendants" as one range scan.
            indexes: [['parentId'], ['path']],
            versioned: true,
          },
        },
        {
          // One row per SKU (the id): SKUs stay unique across products, and variantsBySku is a key lookup.
          createCollection: { name: 'skus', fields: { productId: 'string' }, indexes: [['productId']] },
        },
        { addField: { collection: 'products', field: 'attrKeys', type: 'json' } },
        { addField: { collection: 'products', field: 'priceBounds', type: 'json' } },
        // Attribute filters are equality on `attrKeys.<name~value>`: a GIN (jsonb_path_ops) on PostgreSQL answers them.
        { addIndex: { collection: 'products', fields: ['attrKeys'] } },
        createOutbox,
      ],
    },
    {
      // Variants are json: `weightG` and `dimensionsMm` need no column and nothing is backfilled (absent means
      // unweighed). The entry records the schema version that knows them, so a store's history says when they came.
      name: '0003-variant-weight-dimensions',
      steps: [],
    },
  ],
};
