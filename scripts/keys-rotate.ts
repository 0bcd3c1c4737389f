/**
 * `npm run keys:rotate`: re-wraps every PII data key of this node's stores (SERVICES) under the
 * current KEK (PII_KEY_ID). Sealed values are untouched and every node keeps reading throughout:
 * nodes hold unwrapped data keys, and the old KEK stays configured until this reports nothing left.
 */
import { config, type AppConfig } from '../config/config';
import { storesOf, type StoreName } from '../config/stores';
import type { SealedStore } from '../mixins/pii/sealed-store';
import type { RewrapReport } from '../mixins/pii/keyring';
import { createStore } from '../mixins/store/store.factory';
import { resolveServices } from '../services';
import { STORE_SCHEMAS as SCHEMAS } from '../services/store-schemas';

export type RotationReport = { store: StoreName; engine: string } & RewrapReport;

export async function rotateKeys(cfg: AppConfig): Promise<RotationReport[]> {
  const services: string[] = resolveServices(cfg.services);
  const names = storesOf(services).filter((s) => SCHEMAS[s].sealed);
  const reports: RotationReport[] = [];
  for (const name of names) {
    const store = createStore(cfg, name, SCHEMAS[name]) as SealedStore;
    try {
      await store.connect();
      reports.push({ store: name, engine: store.engine, ...(await store.rewrap()) });
    } finally {
      await store.disconnect();
    }
  }
  return reports;
}

async function main(): Promise<void> {
  const cfg = config();
  for (const r of await rotateKeys(cfg))
    console.log(`${r.store} (${r.engine}): ${r.rewrapped} of ${r.keys} data keys re-wrapped`);
  console.log(`Every data key is wrapped under ${cfg.pii.currentKekId ?? 'the local KEK'}; older KEKs may now be removed.`);
}

if (require.main === module)
  main().catch((err: Error) => {
    console.error(err.name === 'ConfigError' ? err.message : err);
    process.exit(1);
  });
