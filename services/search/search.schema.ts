import type { StoreSchema } from '../../mixins/store/store.types';

/**
 * The search store (PostgreSQL; PGlite embedded). Its tables are the index's own (search.index.ts
 * documents the layout; search.index.ddl.ts makes them): the Store contract cannot express tsvector,
 * GIN or trigram indexes, so the index reaches them through the store's raw-SQL escape hatch.
 */
export const searchSchema: StoreSchema = { migrations: [] };
