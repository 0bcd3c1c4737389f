import type { StoreName } from '../config/stores';
import type { StoreSchema } from '../mixins/store/store.types';
import { authSchema } from './auth/auth.schema';
import { inventorySchema } from './inventory/inventory.schema';
import { catalogSchema } from './products/products.schema';
import { usersSchema } from './users/users.schema';
import { cartsSchema } from './carts/carts.schema';

/** Every store's schema, for tools that work on stores without starting their services (`npm run migrate`). */
export const STORE_SCHEMAS: Partial<Record<StoreName, StoreSchema>> = {
  auth: authSchema,
  users: usersSchema,
  catalog: catalogSchema,
  inventory: inventorySchema,
  carts: cartsSchema,
};
