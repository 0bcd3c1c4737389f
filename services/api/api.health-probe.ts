import type { ServiceBroker } from 'moleculer';
import { config } from '../../config/config';
import { REGISTRY } from '../registry';
import { summarizeHealth, type HealthReport, type ServiceProbe, type StoreProbe } from './api.health';

/** Asks every running service for its stores' health; `routed` are the actions the gateway publishes. */
export async function probeHealth(broker: ServiceBroker, routed: Set<string | null | undefined>): Promise<HealthReport> {
  const list = broker.registry.getServiceList({ onlyAvailable: true, skipInternal: true });
  const actions = broker.registry.getActionList({ onlyAvailable: true, skipInternal: true });
  const withHealth = new Set(actions.map((a) => a.name));
  // moleculer-web publishes other services' routes a debounce after they appear: until then
  // the platform is not ready, however healthy its stores.
  const unrouted = actions
    .filter((a) => (a.action as { rest?: unknown } | undefined)?.rest && !routed.has(a.name))
    .map((a) => a.name);
  const nodes = new Map<string, string[]>();
  for (const s of list) nodes.set(s.name, [...(nodes.get(s.name) ?? []), s.nodeID ?? '?']);
  const probes = await Promise.all(
    [...nodes.keys()].map(async (service): Promise<ServiceProbe> => {
      const base = { service, nodes: nodes.get(service)!.sort() };
      if (!withHealth.has(`${service}.storesHealth`)) return { ...base, stores: [] };
      try {
        const stores = await broker.call<StoreProbe[], object>(`${service}.storesHealth`, {}, { timeout: 3_000, retries: 0 });
        return { ...base, stores };
      } catch (err) {
        return { ...base, stores: [], error: (err as Error).message };
      }
    }),
  );
  const transit = broker.transit as { connected?: boolean } | undefined;
  const transporter = config().transporter
    ? { kind: 'nats' as const, connected: transit?.connected === true }
    : { kind: 'none' as const, connected: true };
  return summarizeHealth(REGISTRY.serviceNames, probes, transporter, unrouted);
}
