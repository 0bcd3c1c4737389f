import type { EngineName } from '../mixins/store/store.types';
import { REGISTRY, type ServiceName, type StoreName } from '../services/registry';

/**
 * Every store the platform has, with its owning service and its production engine: derived from
 * the service manifests (services/registry.ts). A service may own more than one store.
 */
export const STORE_DEFAULTS = REGISTRY.storeDefaults as Record<StoreName, { service: ServiceName; engine: ServerEngine }>;

export type { StoreName };
/** Engines a deployment can name; `pglite` is what embedded mode substitutes. */
export type ServerEngine = Exclude<EngineName, 'pglite'>;
export const ENGINES: readonly EngineName[] = ['postgres', 'pglite', 'mongo', 'dynamodb'];
export const STORE_NAMES = Object.keys(STORE_DEFAULTS) as StoreName[];
/** The stores owned by `services` (a node's SERVICES, resolved). */
export const storesOf = (services: readonly string[]): StoreName[] =>
  STORE_NAMES.filter((s) => services.includes(STORE_DEFAULTS[s].service));

/** `order-history` → `STORE_ORDER_HISTORY`. */
export const storeEnvVar = (store: string): string => `STORE_${store.toUpperCase().replace(/-/g, '_')}`;

/** `order-history` → `shop_order_history`: the database (PostgreSQL, MongoDB) or table prefix (DynamoDB). */
export const storeDatabaseName = (store: string, prefix = 'shop_'): string => `${prefix}${store.replace(/-/g, '_')}`;
