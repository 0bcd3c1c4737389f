import type { ServiceSchema } from 'moleculer';
import { defineService } from '../registry.types';

/** Operator tools across services (audit, dead letters): no stores of its own. */
export default defineService({
  name: 'ops',
  dir: __dirname,
  load: () => import('./ops.service') as Promise<{ default: ServiceSchema }>,
  node: 'commerce',
  stores: {},
  events: { publishes: {}, consumes: [] },
});
