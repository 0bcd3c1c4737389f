import type { ServiceSchema } from 'moleculer';
import { defineService } from '../registry.types';
import { sagaSchema } from './saga-coordinator.schema';

/** The checkout saga coordinator, named `sagas` in the cluster. */
export default defineService({
  name: 'sagas',
  dir: __dirname,
  load: () => import('./saga-coordinator.service') as Promise<{ default: ServiceSchema }>,
  node: 'commerce',
  stores: { saga: { schema: sagaSchema, engine: 'postgres', audited: true } },
  events: { publishes: {}, consumes: [] },
});
