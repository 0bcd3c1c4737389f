import { ServiceBroker } from 'moleculer';
import { config } from '../config/config';
import { createLogger, type LogSink } from '../config/logger';
import brokerConfig from '../moleculer.config';
import { loadServices, resolveServices } from '../services';
import type { ServiceName } from '../services/service-names';

/** A broker with this node's services (SERVICES), configured by moleculer.config.ts. Not started. */
export async function createNode(services?: ServiceName[], logSink?: LogSink): Promise<{ broker: ServiceBroker; services: ServiceName[] }> {
  const names = services ?? resolveServices(config().services);
  const broker = new ServiceBroker(logSink ? { ...brokerConfig, logger: createLogger(config(), logSink) } : brokerConfig);
  for (const schema of await loadServices(names)) broker.createService(schema);
  return { broker, services: names };
}
