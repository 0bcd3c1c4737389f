import api from './api/api.module';
import auth from './auth/auth.module';
import carts from './carts/carts.module';
import discounts from './discounts/discounts.module';
import inventory from './inventory/inventory.module';
import notifications from './notifications/notifications.module';
import ops from './ops/ops.module';
import orders from './orders/orders.module';
import payments from './payments/payments.module';
import products from './products/products.module';
import returns from './returns/returns.module';
import sagas from './saga-coordinator/saga-coordinator.module';
import search from './search/search.module';
import shipping from './shipping/shipping.module';
import users from './users/users.module';
import { buildRegistry } from './registry.derive';
import type { EventSpec } from './registry.types';

/**
 * Every service of the platform, one manifest each (its folder's `<folder>.module.ts`). Adding a
 * service is its folder plus one line here; names, loaders, stores, schemas, the event catalog,
 * consumers, audited stores, compose nodes, health and the authorization matrix follow from this.
 */
export const MANIFESTS = [
  api,
  auth,
  users,
  products,
  inventory,
  search,
  carts,
  discounts,
  shipping,
  returns,
  orders,
  payments,
  notifications,
  sagas,
  ops,
] as const;

export const REGISTRY = buildRegistry(MANIFESTS);

type Manifest = (typeof MANIFESTS)[number];
export type ServiceName = Manifest['name'];
export type StoreName = (Manifest extends infer M ? (M extends { stores: infer S } ? keyof S : never) : never) & string;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Published = Intersect<Manifest['events']['publishes']>;
/** Every catalogued event's payload type, by name. */
export type EventPayloads = { [K in keyof Published & string]: Published[K] extends EventSpec<infer P> ? P : never };
