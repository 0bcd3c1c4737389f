import type { EngineName } from '../mixins/store/store.types';
import type { AppConfig } from './config';
import type { StoreName } from './stores';

/**
 * The engine a store really runs on. Embedded mode has no servers: PostgreSQL and MongoDB stores
 * run on PGlite, DynamoDB stores on DynamoDB Local when the runner started one (it sets the
 * endpoint), else on PGlite.
 */
export function effectiveEngine(cfg: AppConfig, store: StoreName): EngineName {
  const configured = cfg.stores[store];
  if (cfg.mode === 'cluster') return configured;
  if (configured === 'dynamodb' && cfg.dynamodb.endpoint) return 'dynamodb';
  return 'pglite';
}
