import type { ServiceSchema } from 'moleculer';
import { defineService } from '../registry.types';
import { cartsSchema } from './carts.schema';

export default defineService({
  name: 'carts',
  dir: __dirname,
  load: () => import('./carts.service') as Promise<{ default: ServiceSchema }>,
  node: 'catalog',
  stores: { carts: { schema: cartsSchema, engine: 'dynamodb' } },
  events: { publishes: {}, consumes: [] },
});
