import type { StoreName } from '../config/stores';
import type { StoreSchema } from '../mixins/store/store.types';
import { REGISTRY } from './registry';

/** Every store's schema, from the manifests, for tools that work on stores without starting their services (`npm run migrate`). */
export const STORE_SCHEMAS = REGISTRY.storeSchemas as Record<StoreName, StoreSchema>;
