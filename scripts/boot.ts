import { ServiceBroker, type Middleware } from 'moleculer';
import { config } from '../config/config';
import { createLogger, type LogSink } from '../config/logger';
import brokerConfig from '../moleculer.config';
import { loadServices, resolveServices } from '../services';
import type { LoadableName } from '../services';
import { guardRejections } from './process-guard';

export interface NodeOptions {
  /** Receives log lines instead of the console (tests). */
  logSink?: LogSink;
  /** Overrides NODE_ID: tests run several nodes of one cluster in one process. */
  nodeId?: string;
  /** Added after moleculer.config.ts's own. */
  middlewares?: Middleware[];
}

/** A broker with this node's services (SERVICES), configured by moleculer.config.ts. Not started. */
export async function createNode(
  services?: LoadableName[],
  opts: NodeOptions = {},
): Promise<{ broker: ServiceBroker; services: LoadableName[] }> {
  const names = services ?? resolveServices(config().services);
  const broker = new ServiceBroker({
    ...brokerConfig,
    ...(opts.logSink ? { logger: createLogger(config(), opts.logSink) } : {}),
    ...(opts.nodeId ? { nodeID: opts.nodeId } : {}),
    ...(opts.middlewares ? { middlewares: [...(brokerConfig.middlewares ?? []), ...opts.middlewares] } : {}),
  });
  guardRejections(broker.getLogger('process'));
  for (const schema of await loadServices(names)) broker.createService(schema);
  return { broker, services: names };
}
