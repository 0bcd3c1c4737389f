import type { ServiceSchema } from 'moleculer';
import { defineService } from '../registry.types';
import { searchSchema } from './search.schema';

export default defineService({
  name: 'search',
  dir: __dirname,
  load: () => import('./search.service') as Promise<{ default: ServiceSchema }>,
  node: 'catalog',
  stores: { search: { schema: searchSchema, engine: 'postgres', audited: true } },
  events: { publishes: {}, consumes: ['product.changed', 'category.changed', 'inventory.stock-changed'] },
});
