import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../config/config';
import type { StoreName } from '../config/stores';
import { PeriodicMixin, stopPeriodic } from './periodic.mixin';
import { purgeRetained } from './store/retention';
import { createStore } from './store/store.factory';
import { collectionsOf } from './store/store.schema';
import type { Store, StoreSchema } from './store/store.types';

export interface StoreHealth {
  store: string;
  engine: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface StoreStats {
  store: string;
  engine: string;
  /** Documents per collection (expired ones excluded, as every read excludes them). */
  counts: Record<string, number>;
}

export interface StoresMethods {
  store(name: StoreName): Store;
  /** Connects (and migrates) the store once, whoever asks first; later callers share the promise. */
  ensureConnected(name: StoreName): Promise<void>;
}
export interface StoresVars {
  stores: Map<StoreName, Store>;
  storeReady: Map<StoreName, Promise<void>>;
}
export type StoresThis = Service & StoresVars & StoresMethods;

const CONNECT_ATTEMPTS = 10;
const RETENTION = 'Retention purge';
const RETENTION_SWEEP_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface StorePurge {
  store: string;
  /** Rows removed per collection. */
  removed: Record<string, number>;
}

/**
 * Gives a service its own stores, each on the engine config picks. Stores connect (and migrate)
 * when the service starts, with retries so a node may start before its database; a `storesHealth`
 * action reports reachability for the gateway's /api/health.
 */
export function StoresMixin(schemas: Partial<Record<StoreName, StoreSchema>>): Partial<ServiceSchema> {
  const mixin: ServiceSchema<ServiceSettingSchema, StoresMethods, StoresVars> = {
    name: '',
    actions: {
      storesHealth: {
        visibility: 'public',
        access: 'internal',
        idempotent: true,
        handler(): Promise<StoreHealth[]> {
          return Promise.all([...this.stores.values()].map((s) => pingStore(s)));
        },
      },
      /**
       * Drops delivered outbox rows, inbox records and Idempotency-Key records older than
       * RETENTION_DAYS (or `olderThanMs`) from this service's stores; hourly on every node, and for
       * operators at the REPL.
       */
      storesPurge: {
        visibility: 'public',
        access: 'internal',
        idempotent: false,
        params: { olderThanMs: { type: 'number', integer: true, min: 0, optional: true }, $$strict: true },
        handler(ctx: Context<{ olderThanMs?: number }>): Promise<StorePurge[]> {
          const cutoff = Date.now() - (ctx.params.olderThanMs ?? config().retentionDays * DAY_MS);
          return Promise.all(
            Object.entries(schemas).map(async ([name, schema]) => ({
              store: name,
              removed: await purgeRetained(this.store(name as StoreName), collectionsOf(schema!).keys(), cutoff),
            })),
          );
        },
      },
      /** Record counts of every collection: for operators at the REPL and for tests that prove nothing changed. */
      storesStats: {
        visibility: 'public',
        access: 'internal',
        idempotent: true,
        handler(): Promise<StoreStats[]> {
          return Promise.all(
            Object.entries(schemas).map(async ([name, schema]) => {
              const store = this.store(name as StoreName);
              const counts: Record<string, number> = {};
              for (const collection of collectionsOf(schema!).keys())
                counts[collection] = await store.collection(collection).count();
              return { store: name, engine: store.engine, counts };
            }),
          );
        },
      },
    },
    methods: {
      store(name: StoreName): Store {
        const store = this.stores.get(name);
        if (!store) throw new Error(`Store ${name} is not owned by this service`);
        return store;
      },
      ensureConnected(name: StoreName): Promise<void> {
        let ready = this.storeReady.get(name);
        if (!ready) {
          ready = connectWithRetry(this.store(name), (m) => this.logger.warn(m));
          this.storeReady.set(name, ready);
        }
        return ready;
      },
    },
    created() {
      this.stores = new Map();
      this.storeReady = new Map();
      for (const [name, schema] of Object.entries(schemas) as [StoreName, StoreSchema][]) {
        this.stores.set(name, createStore(config(), name, schema, this.logger));
      }
    },
    async started() {
      await Promise.all([...this.stores.keys()].map((name) => this.ensureConnected(name)));
    },
    async stopped() {
      await stopPeriodic(this, RETENTION);
      await Promise.all([...this.stores.values()].map((s) => s.disconnect()));
    },
  };
  const retention = PeriodicMixin<StoresThis>(RETENTION, {
    everyMs: () => RETENTION_SWEEP_MS,
    run() {
      return this.actions.storesPurge({});
    },
  });
  // Moleculer types `mixins` without the mixin's own `this`; the typed schema above is what we check.
  return { ...mixin, mixins: [retention] } as unknown as Partial<ServiceSchema>;
}

async function connectWithRetry(store: Store, warn: (m: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.connect();
    } catch (err) {
      if (attempt >= CONNECT_ATTEMPTS) throw err;
      warn(`Store ${store.name} (${store.engine}) not reachable, attempt ${attempt}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5_000)));
    }
  }
}

async function pingStore(store: Store): Promise<StoreHealth> {
  const start = performance.now();
  const elapsed = () => Math.round(performance.now() - start);
  try {
    await Promise.race([
      store.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2000 ms')), 2_000).unref()),
    ]);
    return { store: store.name, engine: store.engine, ok: true, latencyMs: elapsed() };
  } catch (err) {
    return { store: store.name, engine: store.engine, ok: false, latencyMs: elapsed(), error: (err as Error).message };
  }
}
