import type { ServiceSchema } from 'moleculer';
import { defineService } from '../registry.types';
import { usersSchema } from './users.schema';

export default defineService({
  name: 'users',
  dir: __dirname,
  load: () => import('./users.service') as Promise<{ default: ServiceSchema }>,
  node: 'identity',
  stores: { users: { schema: usersSchema, engine: 'postgres' } },
  events: { publishes: {}, consumes: ['user.registered'] },
});
