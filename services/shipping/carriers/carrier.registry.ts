import type { CarrierProvider } from '../shipments.contract';
import { SandboxCarrier } from './sandbox.carrier';

/**
 * The carriers this installation speaks to, by id (`sandbox` today). A real carrier is one more
 * CarrierProvider passing test/shipping/carrier.contract.ts, registered here; shipments name their
 * carrier by id, and the webhook route answers 404 for an id not registered.
 */
export interface CarrierRegistry {
  get(id: string): CarrierProvider | undefined;
  /** The provider, or an Error naming the id (a shipment whose carrier was unregistered). */
  require(id: string): CarrierProvider;
  ids(): string[];
}

export function carrierRegistry(providers: CarrierProvider[]): CarrierRegistry {
  const byId = new Map<string, CarrierProvider>();
  for (const p of providers) {
    if (byId.has(p.id)) throw new Error(`carrier ${p.id} registered twice`);
    byId.set(p.id, p);
  }
  return {
    get: (id) => byId.get(id),
    require(id) {
      const provider = byId.get(id);
      if (!provider) throw new Error(`no carrier ${id} is registered`);
      return provider;
    },
    ids: () => [...byId.keys()],
  };
}

/** The registry a shipping node runs with: the sandbox, signing and verifying with the installation's webhook secret. */
export function installedCarriers(opts: { webhookSecret: string; sandboxTrackingUrl: string }): CarrierRegistry {
  return carrierRegistry([new SandboxCarrier({ secret: opts.webhookSecret, trackingUrlBase: opts.sandboxTrackingUrl })]);
}
