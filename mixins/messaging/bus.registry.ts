import type { ServiceBroker } from 'moleculer';
import { config } from '../../config/config';
import type { EventBus } from './event-bus';
import { JetStreamBus } from './jetstream-bus';
import { LocalBus } from './local-bus';
import { natsTls } from './nats-tls';

const buses = new WeakMap<ServiceBroker, { bus: EventBus; users: number }>();

/**
 * The node's event bus, shared by its services: JetStream in cluster mode (TRANSPORTER is the NATS
 * URL), in-process in embedded mode. Services acquire it when they start and release it when they
 * stop; the last release closes it.
 */
export function acquireBus(broker: ServiceBroker): EventBus {
  let entry = buses.get(broker);
  if (!entry) {
    const cfg = config();
    const logger = broker.getLogger('event-bus');
    const warn = (m: string) => logger.warn(m);
    const nats = cfg.transporter ? { url: cfg.transporter, tls: natsTls(cfg.transporter, cfg.tls.nats) } : undefined;
    const bus = cfg.mode === 'cluster' && nats ? new JetStreamBus(nats, cfg.namespace, warn) : new LocalBus(warn);
    entry = { bus, users: 0 };
    buses.set(broker, entry);
  }
  entry.users++;
  return entry.bus;
}

export async function releaseBus(broker: ServiceBroker): Promise<void> {
  const entry = buses.get(broker);
  if (!entry || --entry.users > 0) return;
  buses.delete(broker);
  await entry.bus.close();
}

/** The bus a started service of this node uses (tests and operator tools). */
export const busOf = (broker: ServiceBroker): EventBus | undefined => buses.get(broker)?.bus;
