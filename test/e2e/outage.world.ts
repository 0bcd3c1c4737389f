import type { CheckoutWorld } from '../checkout/checkout.world';
import { startCheckoutWorld } from '../checkout/checkout.world';
import { REGISTRY } from '../../services/registry';
import { runScript, type RunningProcess } from '../support/processes';

/**
 * The production layout as processes over the real servers: the gateway in this process (it is
 * the clients' door and is not taken down), and identity, catalog, commerce, fulfilment and notifications as
 * child processes that the test may SIGKILL and start again under the same NODE_ID.
 */
export const NODES = {
  identity: ['auth', 'users'],
  catalog: ['products', 'inventory', 'carts', 'search'],
  commerce: ['orders', 'payments', 'sagas', 'discounts'],
  fulfilment: ['shipping', 'returns'],
  notifications: ['notifications'],
} as const;

/** Beside the gateway (here) and ops (not needed by a checkout), every registered service runs on a child node. */
function assertEveryServiceRuns(): void {
  const placed = new Set<string>(['api', 'ops', ...Object.values(NODES).flat()]);
  const missing = REGISTRY.serviceNames.filter((s) => !placed.has(s));
  if (missing.length) throw new Error(`outage world: no child node runs ${missing.join(', ')}; add them to NODES`);
}
export type NodeName = keyof typeof NODES;

export interface OutageWorld {
  w: CheckoutWorld;
  /**
   * Kills the node at once (no goodbye to the cluster, as a crash or a lost host). Resolves with how
   * long the gateway took to notice (its registry dropped the node's services), in ms.
   */
  kill(node: NodeName): Promise<number>;
  /** Starts it again with the same NODE_ID and waits until the gateway sees its services. */
  restart(node: NodeName): Promise<void>;
  output(node: NodeName): string;
  stop(): Promise<void>;
}

/** Waits until the gateway routes a POST to `url` (any answer but 404 or 503). */
async function routed(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(
      () => null,
    );
    if (res && res.status !== 404 && res.status !== 503) return;
    if (Date.now() > deadline) throw new Error(`the gateway never routed ${url} (last: ${res?.status ?? 'no answer'})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startOutageWorld(env: Record<string, string>): Promise<OutageWorld> {
  assertEveryServiceRuns();
  const procs = new Map<NodeName, RunningProcess>();
  // The children inherit the environment startPlatform set (namespace, servers, keys, store prefix).
  const spawn = (node: NodeName) =>
    procs.set(
      node,
      runScript('scripts/node.ts', { SERVICES: NODES[node].join(','), NODE_ID: `${node}-${process.env.NAMESPACE}` }),
    );
  const all = Object.keys(NODES) as NodeName[];
  const stopAll = () => Promise.all([...procs.values()].map((p) => p.stop()));
  const w = await startCheckoutWorld(env, ['api'], async (platform) => {
    all.forEach(spawn);
    await platform.broker.waitForServices(
      all.flatMap((n) => [...NODES[n]]),
      120_000,
    );
    // The gateway builds its routes from the registry a moment after the services appear.
    await routed(`${platform.api}/auth/login`);
  }).catch(async (err: Error) => {
    const out = all.map((n) => `--- ${n}\n${procs.get(n)?.output().slice(-2_000)}`).join('\n');
    await stopAll();
    throw new Error(`${err.message}\n${out}`);
  });
  return {
    w,
    async kill(node) {
      const proc = procs.get(node)!;
      const at = Date.now();
      proc.child.kill('SIGKILL');
      await proc.stop();
      const listed = () =>
        (w.platform.broker.registry.getServiceList({ onlyAvailable: true }) as { name: string }[]).some(
          (s) => s.name === NODES[node][0],
        );
      while (listed() && Date.now() - at < 60_000) await new Promise((r) => setTimeout(r, 100));
      return Date.now() - at;
    },
    async restart(node) {
      spawn(node);
      await w.platform.broker.waitForServices([...NODES[node]], 120_000);
    },
    output: (node) => procs.get(node)?.output() ?? '',
    async stop() {
      await stopAll();
      await w.platform.stop().catch(() => undefined);
    },
  };
}
