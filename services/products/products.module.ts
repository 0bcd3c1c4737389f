import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import type { CategoryChanged, ProductChanged } from './products.contract';
import { catalogSchema } from './products.schema';

const version = { type: 'number', integer: true, positive: true };

export default defineService({
  name: 'products',
  dir: __dirname,
  load: () => import('./products.service') as Promise<{ default: ServiceSchema }>,
  node: 'catalog',
  stores: { catalog: { schema: catalogSchema, engine: 'mongo' } },
  events: {
    publishes: {
      'product.changed': eventSpec<ProductChanged>(2, {
        id,
        change: { type: 'enum', values: ['created', 'updated', 'archived'] },
        version,
      }),
      'category.changed': eventSpec<CategoryChanged>(2, {
        id,
        change: { type: 'enum', values: ['created', 'updated', 'deleted'] },
        version,
      }),
    },
    consumes: [],
  },
});
