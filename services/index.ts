import type { ServiceSchema } from 'moleculer';
import { ConfigError } from '../config/env';
import { IMPLEMENTED_SERVICES, type ServiceName } from './service-names';

/** Lazy, so a node imports only the services it runs (and only their config and drivers). */
const LOADERS: Record<ServiceName, () => Promise<{ default: ServiceSchema }>> = {
  api: () => import('./api/api.service') as Promise<{ default: ServiceSchema }>,
  auth: () => import('./auth/auth.service') as Promise<{ default: ServiceSchema }>,
  users: () => import('./users/users.service') as Promise<{ default: ServiceSchema }>,
  products: () => import('./products/products.service') as Promise<{ default: ServiceSchema }>,
  inventory: () => import('./inventory/inventory.service') as Promise<{ default: ServiceSchema }>,
  carts: () => import('./carts/carts.service') as Promise<{ default: ServiceSchema }>,
  orders: () => import('./orders/orders.service') as Promise<{ default: ServiceSchema }>,
  payments: () => import('./payments/payments.service') as Promise<{ default: ServiceSchema }>,
  notifications: () => import('./notifications/notifications.service') as Promise<{ default: ServiceSchema }>,
  sagas: () => import('./saga-coordinator/saga-coordinator.service') as Promise<{ default: ServiceSchema }>,
  ops: () => import('./ops/ops.service') as Promise<{ default: ServiceSchema }>,
};

/** `all` expands to every implemented service; an unknown name fails start-up naming it. */
export function resolveServices(requested: string[]): ServiceName[] {
  if (requested.includes('all')) return [...IMPLEMENTED_SERVICES];
  for (const name of requested) {
    if (!(IMPLEMENTED_SERVICES as readonly string[]).includes(name)) {
      throw new ConfigError('SERVICES', `a comma list of: all, ${IMPLEMENTED_SERVICES.join(', ')}`, name);
    }
  }
  return requested as ServiceName[];
}

export type LoadableName = ServiceName;

export async function loadServices(names: LoadableName[]): Promise<ServiceSchema[]> {
  return Promise.all(names.map(async (n) => (await LOADERS[n]()).default));
}
