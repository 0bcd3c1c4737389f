import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import type { LowStock } from './inventory.contract';
import { inventorySchema } from './inventory.schema';
import type { StockChanged } from '../search/search.contract';

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
      // Every change to a record's on-hand or reserved units; the figures and version of the record as relayed.
      'inventory.stock-changed': eventSpec<StockChanged>(1, {
        sku: id,
        warehouse: id,
        onHand: count,
        reserved: count,
        available: count,
        version: count,
      }),
    },
    consumes: [],
  },
});
