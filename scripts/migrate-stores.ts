import type { AppConfig } from '../config/config';
import { storesOf } from '../config/stores';
import { createStore } from '../mixins/store/store.factory';
import { resolveServices } from '../services';
import { STORE_SCHEMAS } from '../services/store-schemas';

export interface MigrateOptions {
  /** Revert the newest N migrations instead of applying. */
  down?: number;
  /** Only this store. */
  only?: string;
}

/**
 * Brings the stores of the node's services (cfg.services) up to date, or reverts the newest
 * migrations; one line per store. Every registered store has its schema (the manifest declares
 * both), so none is skipped.
 */
export async function migrateStores(cfg: AppConfig, opts: MigrateOptions = {}): Promise<string[]> {
  const services: string[] = resolveServices(cfg.services);
  const stores = storesOf(services).filter((s) => !opts.only || s === opts.only);
  if (opts.only && stores.length === 0)
    throw new Error(`No store named ${opts.only} on this node (SERVICES=${cfg.services.join(',')})`);
  const lines: string[] = [];
  for (const name of stores) {
    const store = createStore(cfg, name, STORE_SCHEMAS[name]);
    try {
      await store.connect();
      if (opts.down)
        lines.push(`${name} (${store.engine}): reverted ${(await store.migrateDown(opts.down)).join(', ') || 'nothing'}`);
      else lines.push(`${name} (${store.engine}): at ${(await store.appliedMigrations()).at(-1) ?? 'no migrations'}`);
    } finally {
      await store.disconnect();
    }
  }
  return lines;
}
