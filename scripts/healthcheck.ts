/**
 * Container healthcheck for a service node: joins the cluster as a bare client, then asks this
 * node (NODE_ID) for each of its services' store health. Exit 0 healthy, 1 otherwise.
 */
import { ServiceBroker } from 'moleculer';
import { config } from '../config/config';
import { resolveServices } from '../services';
import { natsTls } from '../mixins/messaging/nats-tls';
import type { StoreHealth } from '../mixins/stores.mixin';

async function main(): Promise<number> {
  const cfg = config();
  if (!cfg.nodeId || !cfg.transporter) throw new Error('healthcheck needs NODE_ID and TRANSPORTER');
  const broker = new ServiceBroker({
    namespace: cfg.namespace,
    nodeID: `${cfg.nodeId}-healthcheck-${process.pid}`,
    transporter: { type: 'NATS', options: { url: cfg.transporter, tls: natsTls(cfg.transporter, cfg.tls.nats) } },
    logger: false,
  });
  await broker.start();
  try {
    await broker.waitForServices(resolveServices(cfg.services), 5_000);
    const failing: string[] = [];
    for (const service of resolveServices(cfg.services)) {
      if (service === 'api') continue;
      const stores = await broker.call<StoreHealth[], object>(
        `${service}.storesHealth`,
        {},
        { nodeID: cfg.nodeId, timeout: 3_000 },
      );
      failing.push(...stores.filter((s) => !s.ok).map((s) => `${service}/${s.store}: ${s.error}`));
    }
    if (failing.length) console.error(`unhealthy: ${failing.join('; ')}`);
    return failing.length ? 1 : 0;
  } finally {
    await broker.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`unhealthy: ${err.message}`);
    process.exit(1);
  },
);
