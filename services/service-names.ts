/** Every service this build implements; health expects each to be running somewhere in the cluster. */
export const IMPLEMENTED_SERVICES = [
  'api',
  'auth',
  'users',
  'products',
  'inventory',
  'carts',
  'orders',
  'payments',
  'notifications',
  'sagas',
  'ops',
] as const;
export type ServiceName = (typeof IMPLEMENTED_SERVICES)[number];
