import type { ServiceSchema } from 'moleculer';
import { defineService } from '../registry.types';

/** The HTTP gateway: no stores; its health answer expects every registered service. */
export default defineService({
  name: 'api',
  dir: __dirname,
  load: () => import('./api.service') as Promise<{ default: ServiceSchema }>,
  node: 'gateway',
  stores: {},
  events: { publishes: {}, consumes: [] },
});
