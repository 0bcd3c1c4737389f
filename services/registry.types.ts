import type { ServiceSchema } from 'moleculer';
import type { ServerEngine } from '../config/stores';
import type { StoreSchema } from '../mixins/store/store.types';

/** A catalogued event: its payload type (for `recordEvent`), version and fastest-validator schema. */
export interface EventSpec<P = unknown> {
  version: number;
  schema: Record<string, unknown>;
  /** Carries the payload type only; never set. */
  readonly payload?: P;
}
/** An id in an event payload (user, product, order, SKU, warehouse). */
export const EVENT_ID = { type: 'string', min: 1, max: 128 };

export const eventSpec = <P>(version: number, schema: Record<string, unknown>): EventSpec<P> => ({ version, schema });

export interface StoreSpec {
  schema: StoreSchema;
  /** The production engine (STORE_<NAME> overrides it). */
  engine: ServerEngine;
  /** The consistency audit reads this store beyond its outbox (ops/audit checks use its collections). */
  audited?: boolean;
}

/**
 * Everything the platform needs to know about a service, kept in the service's own folder
 * (`services/<folder>/<folder>.module.ts`); services/registry.ts lists them and everything else is
 * derived. Authorization cases sit beside it as `<folder>.access.cases.ts`.
 */
export interface ServiceManifest {
  /** The Moleculer service name (SERVICES lists these). */
  name: string;
  /** The folder holding the service (`__dirname` of the manifest): its access cases are found there. */
  dir: string;
  /** Lazy, so a node imports only the services it runs (and only their config and drivers). */
  load: () => Promise<{ default: ServiceSchema }>;
  /** The docker-compose node that runs it. */
  node: string;
  stores: Record<string, StoreSpec>;
  events: {
    publishes: Record<string, EventSpec<unknown>>;
    /** Events it consumes durably (ConsumerMixin): such a service has dead letters. */
    consumes: readonly string[];
  };
}

/** Keeps the manifest's literal names (service, stores, events) for the derived types. */
export const defineService = <const M extends ServiceManifest>(manifest: M): M => manifest;
