import type { ServerEngine } from '../config/stores';
import type { StoreSchema } from '../mixins/store/store.types';
import type { EventSpec, ServiceManifest } from './registry.types';

/** What the platform derives from its manifests: one derivation, used by config, tools and tests. */
export interface Registry {
  manifests: readonly ServiceManifest[];
  serviceNames: string[];
  storeDefaults: Record<string, { service: string; engine: ServerEngine }>;
  storeSchemas: Record<string, StoreSchema>;
  eventCatalog: Record<string, EventSpec<unknown>>;
  /** Services with durable consumers, so with dead letters. */
  consumers: string[];
  /** Stores the audit checks read beyond the outboxes. */
  auditedStores: string[];
  /** Compose node → the services it runs, in registry order. */
  nodes: Map<string, string[]>;
}

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** A name given twice (service, store, event) would silently shadow the first: refused, naming both. */
function claim(owners: Map<string, string>, kind: string, name: string, owner: string): void {
  const first = owners.get(name);
  if (first !== undefined) throw new Error(`registry: ${kind} ${name} is declared by ${first} and by ${owner}`);
  owners.set(name, owner);
}

export function buildRegistry(manifests: readonly ServiceManifest[]): Registry {
  const services = new Map<string, string>();
  const stores = new Map<string, string>();
  const events = new Map<string, string>();
  const registry: Registry = {
    manifests,
    serviceNames: [],
    storeDefaults: {},
    storeSchemas: {},
    eventCatalog: {},
    consumers: [],
    auditedStores: [],
    nodes: new Map(),
  };
  for (const m of manifests) {
    if (!SERVICE_NAME.test(m.name)) throw new Error(`registry: service name ${JSON.stringify(m.name)} is not lowercase-kebab`);
    claim(services, 'service', m.name, m.name);
    registry.serviceNames.push(m.name);
    registry.nodes.set(m.node, [...(registry.nodes.get(m.node) ?? []), m.name]);
    if (m.events.consumes.length) registry.consumers.push(m.name);
    for (const [store, spec] of Object.entries(m.stores)) {
      if (!SERVICE_NAME.test(store)) throw new Error(`registry: store name ${JSON.stringify(store)} is not lowercase-kebab`);
      claim(stores, 'store', store, m.name);
      registry.storeDefaults[store] = { service: m.name, engine: spec.engine };
      registry.storeSchemas[store] = spec.schema;
      if (spec.audited) registry.auditedStores.push(store);
    }
    for (const [event, spec] of Object.entries(m.events.publishes)) {
      claim(events, 'event', event, m.name);
      registry.eventCatalog[event] = spec;
    }
  }
  for (const m of manifests)
    for (const event of m.events.consumes)
      if (!events.has(event)) throw new Error(`registry: ${m.name} consumes ${event}, which no service publishes`);
  return registry;
}
