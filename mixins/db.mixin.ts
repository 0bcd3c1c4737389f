import { randomUUID } from 'node:crypto';
import DbService from 'moleculer-db';
import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import type { StoreName } from '../config/stores';
import { StoreDbAdapter } from './store/moleculer-db.adapter';
import { StoresMixin, type StoresMethods } from './stores.mixin';
import type { StoreSchema } from './store/store.types';
import type { AccessRule } from './access/access.types';

export interface DbMixinOptions {
  store: StoreName;
  schema: StoreSchema;
  /** The collection moleculer-db's standard actions work on. */
  collection: string;
  /** Extra stores the same service owns besides `store`. */
  extraStores?: Partial<Record<StoreName, StoreSchema>>;
  /** Who may call the read actions (find, list, count, get) and the writes (create, insert, update, remove). */
  access: { read: AccessRule; write: AccessRule };
}

const READS = ['find', 'list', 'count', 'get'];
const WRITES = ['create', 'insert', 'update', 'remove'];

/**
 * moleculer-db's standard actions and cache handling over one collection of the service's own
 * store, on whatever engine config selects (the Moleculer template's db.mixin, engine-blind).
 */
export function DbMixin(options: DbMixinOptions): Partial<ServiceSchema>[] {
  // Lifecycle handlers of mixins run in array order, so `bind` swaps in our adapter after
  // moleculer-db's own created() and before its started() connects. One adapter per service
  // instance: several brokers in one process (tests) never share one.
  const bind: ServiceSchema<ServiceSettingSchema, StoresMethods, { adapter: StoreDbAdapter }> = {
    name: '',
    created() {
      this.adapter = new StoreDbAdapter(
        () => this.store(options.store).collection(options.collection),
        () => this.ensureConnected(options.store),
        randomUUID,
      );
    },
  };
  const stores = StoresMixin({ ...options.extraStores, [options.store]: options.schema });
  // Mixins merge action definitions, so this adds the rules to moleculer-db's own actions.
  const rules = Object.fromEntries([
    ...READS.map((a) => [a, { access: options.access.read, idempotent: true }]),
    ...WRITES.map((a) => [a, { access: options.access.write, idempotent: false }]),
  ]);
  return [
    DbService as Partial<ServiceSchema>,
    stores,
    bind as Partial<ServiceSchema>,
    { actions: rules } as Partial<ServiceSchema>,
  ];
}
