/**
 * `npm run migrate [-- --down N] [-- --store NAME]`: brings the stores of this node's services
 * (SERVICES) up to date, or reverts the newest N migrations. The same migrations also run on start.
 */
import { config } from '../config/config';
import { STORE_DEFAULTS, STORE_NAMES } from '../config/stores';
import { createStore } from '../mixins/store/store.factory';
import { resolveServices } from '../services';
import { STORE_SCHEMAS as SCHEMAS } from '../services/store-schemas';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const down = args.includes('--down') ? Number(args[args.indexOf('--down') + 1] ?? 1) : 0;
  const only = args.includes('--store') ? args[args.indexOf('--store') + 1] : undefined;
  const cfg = config();
  const services: string[] = resolveServices(cfg.services);
  const stores = STORE_NAMES.filter((s) => SCHEMAS[s] && services.includes(STORE_DEFAULTS[s].service) && (!only || s === only));
  if (only && stores.length === 0) throw new Error(`No store named ${only} on this node (SERVICES=${cfg.services.join(',')})`);
  for (const name of stores) {
    const store = createStore(cfg, name, SCHEMAS[name]!);
    try {
      await store.connect();
      if (down > 0) console.log(`${name} (${store.engine}): reverted ${(await store.migrateDown(down)).join(', ') || 'nothing'}`);
      else console.log(`${name} (${store.engine}): at ${(await store.appliedMigrations()).at(-1) ?? 'no migrations'}`);
    } finally {
      await store.disconnect();
    }
  }
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
