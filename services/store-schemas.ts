import type { StoreName } from '../config/stores';
import type { StoreSchema } from '../mixins/store/store.types';
import { authSchema } from './auth/auth.schema';
import { inventorySchema } from './inventory/inventory.schema';
import { catalogSchema } from './products/products.schema';
import { usersSchema } from './users/users.schema';
import { cartsSchema } from './carts/carts.schema';
import { notificationsSchema } from './notifications/notifications.schema';
import { orderHistorySchema, ordersSchema } from './orders/orders.schema';
import { paymentsSchema } from './payments/payments.schema';
import { sagaSchema } from './saga-coordinator/saga-coordinator.schema';

/** Every store's schema, for tools that work on stores without starting their services (`npm run migrate`). */
export const STORE_SCHEMAS: Partial<Record<StoreName, StoreSchema>> = {
  auth: authSchema,
  users: usersSchema,
  catalog: catalogSchema,
  inventory: inventorySchema,
  carts: cartsSchema,
  orders: ordersSchema,
  'order-history': orderHistorySchema,
  payments: paymentsSchema,
  notifications: notificationsSchema,
  saga: sagaSchema,
};
