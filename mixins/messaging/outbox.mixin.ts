import type { Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import type { StoreName } from '../../config/stores';
import type { Store } from '../store/store.types';
import { acquireBus, releaseBus } from './bus.registry';
import type { EventBus } from './event-bus';
import { RELAYED, type EventEnvelope } from './messaging.types';
import { OUTBOX, type OutboxRow } from './outbox';
import { RelayLease } from './outbox.lease';
import { RELAY_BATCH, relayOutbox, type RelayTarget } from './outbox.relay';

const POLL_MS = 500;

export interface OutboxMethods {
  /** Publishes what is pending now instead of at the next poll; call after committing a unit with events. */
  flushOutbox(): Promise<number>;
  /** This node's hold on the service's relay lease: one node relays at a time, so order holds across nodes. */
  relayLease(): RelayLease;
}
interface OutboxVars {
  outboxTimer?: NodeJS.Timeout;
  outboxRunning?: Promise<number>;
  /** A flush came during the running pass: run another before resting. */
  outboxAgain?: boolean;
  outboxBus?: EventBus;
  outboxLease?: RelayLease;
  store(name: StoreName): Store;
  ensureConnected(name: StoreName): Promise<void>;
}
type OutboxThis = Service & OutboxVars & OutboxMethods;

/**
 * Relays a service's outbox to the event bus (JetStream in cluster mode): a row is marked sent only
 * after the bus acknowledged it. Rows are claimed with a conditional update, so relays on several
 * nodes of one service never send the same row at the same time; a relay that dies mid-send leaves
 * a claim that lapses and the row is sent again (the bus drops the duplicate by id, consumers
 * dedupe on it too). After the bus has it, the envelope is also emitted as a Moleculer event: a
 * loss-tolerant signal for observers (caches, tests), never what a durable consumer reads.
 */
export function OutboxMixin(
  storeName: StoreName,
  /** What a row publishes, in order (inventory: one stock change per record, with the record's figures then). */
  prepare?: (this: Service, envelope: EventEnvelope) => Promise<EventEnvelope[]>,
): Partial<ServiceSchema> {
  const mixin: ServiceSchema<ServiceSettingSchema, OutboxMethods, OutboxVars> = {
    name: '',
    methods: {
      relayLease(this: OutboxThis): RelayLease {
        this.outboxLease ??= new RelayLease(this.store(storeName).collection<OutboxRow>(OUTBOX.name), this.broker.nodeID);
        return this.outboxLease;
      },
      flushOutbox(this: OutboxThis): Promise<number> {
        // One relay pass at a time per node. A flush during a pass asks for another pass right after
        // it, and a full batch is followed by the next one at once: a backlog drains at publish speed,
        // not one batch per poll. The first passes may come before the store has connected (mixins
        // start side by side): they wait for it.
        if (this.outboxRunning) {
          this.outboxAgain = true;
          return this.outboxRunning;
        }
        const target: RelayTarget = {
          emit: async (event, payload) => {
            if (!this.outboxBus) throw new Error('the event bus is not open (service stopped)');
            const envelopes = prepare ? await prepare.call(this, payload as EventEnvelope) : [payload as EventEnvelope];
            for (const envelope of envelopes) {
              await this.outboxBus!.publish(envelope);
              await Promise.resolve(this.broker.emit(event, envelope, { meta: { [RELAYED]: true } })).catch(() => undefined);
            }
          },
          warn: (m) => this.logger.warn(m),
          mayRelay: () => this.relayLease().hold(),
        };
        this.outboxRunning = (async () => {
          await this.ensureConnected(storeName);
          let total = 0;
          // Two passes in a row that sent nothing (the bus is away, rows wait for their retry): rest until the poll.
          for (let empty = 0; empty < 2 && this.outboxBus;) {
            this.outboxAgain = false;
            const sent = await relayOutbox(this.store(storeName).collection<OutboxRow>(OUTBOX.name), target);
            total += sent;
            empty = sent === 0 ? empty + 1 : 0;
            if (sent < RELAY_BATCH && !this.outboxAgain) break;
          }
          return total;
        })().finally(() => (this.outboxRunning = undefined));
        return this.outboxRunning;
      },
    },
    started(this: OutboxThis) {
      this.outboxLease = undefined;
      this.outboxBus = acquireBus(this.broker);
      this.outboxTimer = setInterval(
        () => void this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox relay: ${err.message}`)),
        POLL_MS,
      );
      this.outboxTimer.unref();
    },
    async stopped(this: OutboxThis) {
      clearInterval(this.outboxTimer);
      await this.outboxRunning?.catch(() => undefined);
      await this.outboxLease?.release().catch(() => undefined);
      if (this.outboxBus) await releaseBus(this.broker);
      this.outboxBus = undefined;
    },
  };
  return mixin as unknown as Partial<ServiceSchema>;
}
