import type { EngineName } from '../mixins/store/store.types';

/**
 * Every store the platform has, with its owning service and its production engine.
 * A service may own more than one store (orders keeps its status history apart).
 */
export const STORE_DEFAULTS = {
  auth: { service: 'auth', engine: 'postgres' },
  users: { service: 'users', engine: 'postgres' },
  catalog: { service: 'products', engine: 'mongo' },
  inventory: { service: 'inventory', engine: 'dynamodb' },
  carts: { service: 'carts', engine: 'dynamodb' },
  orders: { service: 'orders', engine: 'postgres' },
  'order-history': { service: 'orders', engine: 'dynamodb' },
  payments: { service: 'payments', engine: 'postgres' },
  notifications: { service: 'notifications', engine: 'mongo' },
  saga: { service: 'sagas', engine: 'postgres' },
  discounts: { service: 'discounts', engine: 'postgres' },
  shipping: { service: 'shipping', engine: 'postgres' },
  returns: { service: 'returns', engine: 'postgres' },
} as const satisfies Record<string, { service: string; engine: ServerEngine }>;

export type StoreName = keyof typeof STORE_DEFAULTS;
/** Engines a deployment can name; `pglite` is what embedded mode substitutes. */
export type ServerEngine = Exclude<EngineName, 'pglite'>;
export const ENGINES: readonly EngineName[] = ['postgres', 'pglite', 'mongo', 'dynamodb'];
export const STORE_NAMES = Object.keys(STORE_DEFAULTS) as StoreName[];

/** `order-history` → `STORE_ORDER_HISTORY`. */
export const storeEnvVar = (store: string): string => `STORE_${store.toUpperCase().replace(/-/g, '_')}`;

/** `order-history` → `shop_order_history`: the database (PostgreSQL, MongoDB) or table prefix (DynamoDB). */
export const storeDatabaseName = (store: string, prefix = 'shop_'): string => `${prefix}${store.replace(/-/g, '_')}`;
