import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import type { LowStock } from './inventory.contract';
import { inventorySchema } from './inventory.schema';

const count = { type: 'number', integer: true };

export default defineService({
  name: 'inventory',
  dir: __dirname,
  load: () => import('./inventory.service') as Promise<{ default: ServiceSchema }>,
  node: 'catalog',
  stores: { inventory: { schema: inventorySchema, engine: 'dynamodb', audited: true } },
  events: {
    publishes: {
      'inventory.low-stock': eventSpec<LowStock>(1, { sku: id, warehouse: id, available: count, reorderPoint: count }),
    },
    consumes: [],
  },
});
