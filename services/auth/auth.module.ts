import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import type { UserEmailVerified, UserRegistered, UserRolesChanged, UserStatusChanged } from './auth.contract';
import { authSchema } from './auth.schema';

const roles = { type: 'array', items: { type: 'enum', values: ['customer', 'support', 'admin'] } };

export default defineService({
  name: 'auth',
  dir: __dirname,
  load: () => import('./auth.service') as Promise<{ default: ServiceSchema }>,
  node: 'identity',
  stores: { auth: { schema: authSchema, engine: 'postgres' } },
  events: {
    publishes: {
      'user.registered': eventSpec<UserRegistered>(1, { id, email: 'email', name: 'string' }),
      'user.email-verified': eventSpec<UserEmailVerified>(1, { id, email: 'email' }),
      'user.roles-changed': eventSpec<UserRolesChanged>(1, { id, roles, previous: roles }),
      'user.status-changed': eventSpec<UserStatusChanged>(1, { id, status: { type: 'enum', values: ['active', 'disabled'] } }),
    },
    consumes: [],
  },
});
