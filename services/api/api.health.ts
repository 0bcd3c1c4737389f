/** Pure aggregation of what the gateway learns about every service into one health answer. */
export interface StoreProbe {
  store: string;
  engine: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface ServiceProbe {
  service: string;
  nodes: string[];
  stores: StoreProbe[];
  /** Set when the service is missing or its health action failed. */
  error?: string;
}

export interface TransporterState {
  kind: 'none' | 'nats';
  connected: boolean;
}

export interface HealthReport {
  status: 'ok' | 'failing';
  failing: string[];
  transporter: TransporterState;
  services: ServiceProbe[];
}

export function summarizeHealth(
  expected: string[],
  probes: ServiceProbe[],
  transporter: TransporterState,
  unrouted: string[] = [],
): HealthReport {
  const failing: string[] = [];
  if (transporter.kind !== 'none' && !transporter.connected) failing.push(`transporter (${transporter.kind}): disconnected`);
  if (unrouted.length) failing.push(`gateway: routes not yet published for ${unrouted.sort().join(', ')}`);
  const byName = new Map(probes.map((p) => [p.service, p]));
  const services = expected.map(
    (name) => byName.get(name) ?? { service: name, nodes: [], stores: [], error: 'no node runs this service' },
  );
  for (const probe of services) {
    if (probe.error) failing.push(`service ${probe.service}: ${probe.error}`);
    for (const s of probe.stores)
      if (!s.ok) failing.push(`store ${s.store} (${s.engine}) of ${probe.service}: ${s.error ?? 'unreachable'}`);
  }
  return { status: failing.length ? 'failing' : 'ok', failing, transporter, services };
}
