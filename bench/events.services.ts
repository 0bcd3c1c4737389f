import type { Context, ServiceSchema } from 'moleculer';
import { ConsumerMixin } from '../mixins/messaging/consumer.mixin';
import { applyOnce, createInbox } from '../mixins/messaging/inbox';
import type { EventEnvelope } from '../mixins/messaging/messaging.types';
import { createOutbox, outboxInsert } from '../mixins/messaging/outbox';
import { OutboxMixin, type OutboxMethods } from '../mixins/messaging/outbox.mixin';
import type { StoreSchema } from '../mixins/store/store.types';
import { StoresMixin, type StoresMethods } from '../mixins/stores.mixin';

/**
 * Scenario 4's producer and consumer: two tiny services on the platform's own messaging mixins. The
 * producer writes a state row and its outbox row in one atomic unit and asks the relay to publish
 * (as orders and payments do); the consumer is a durable ConsumerMixin group that applies each event
 * once with its inbox record (as users does). StoresMixin and OutboxMixin take only configured store
 * names, so the bench borrows the slots of two stores whose services its platform does not run:
 * `carts` and `order-history` (its own databases under the run's prefix, its own migrations).
 */

export const EVENT = 'bench.produced';
const PAYLOAD = 'x'.repeat(160);

/** What the node reads back: commit times by envelope id, commit → handled latencies, and when the last one was handled. */
export function probe(expected: number) {
  let finish!: () => void;
  const p = {
    /** performance.now() at each event's commit. */
    committed: new Map<string, number>(),
    latencies: [] as number[],
    handled: 0,
    lastHandledAt: 0,
    /** Resolves once `expected` distinct events were handled. */
    done: new Promise<void>((r) => (finish = r)),
    handledOne(id: string) {
      const now = performance.now();
      const at = p.committed.get(id);
      if (at !== undefined) p.latencies.push(now - at);
      p.lastHandledAt = now;
      if (++p.handled === expected) finish();
    },
  };
  return p;
}
export type Probe = ReturnType<typeof probe>;

const producerSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-bench-producer',
      steps: [
        { createCollection: { name: 'items', fields: { seq: 'int', body: 'string', createdAt: 'timestamp' } } },
        createOutbox,
      ],
    },
  ],
};

const consumerSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-bench-consumer',
      steps: [{ createCollection: { name: 'tallies', fields: { seq: 'int', at: 'timestamp' } } }, createInbox],
    },
  ],
};

type ProducerThis = StoresMethods & OutboxMethods & { logger: { warn(m: string): void } };

/** `current()` names the probe of the current phase (warm-up, then the counted run). */
export function producerService(current: () => Probe): ServiceSchema {
  return {
    name: 'bench-producer',
    mixins: [StoresMixin({ carts: producerSchema }), OutboxMixin('carts')],
    actions: {
      produce: {
        visibility: 'public',
        access: 'internal',
        params: { seq: 'number' },
        async handler(this: ProducerThis, ctx: Context<{ seq: number }>) {
          const now = Date.now();
          const { op, envelope } = outboxInsert('bench-producer', EVENT, { seq: ctx.params.seq, body: PAYLOAD }, now);
          await this.store('carts').atomic([
            { op: 'insert', collection: 'items', doc: { id: envelope.id, seq: ctx.params.seq, body: PAYLOAD, createdAt: now } },
            op,
          ]);
          current().committed.set(envelope.id, performance.now());
          // As orders and payments do: publish now without holding up the answer; the poll covers a failure.
          this.flushOutbox().catch((err: Error) => this.logger.warn(`bench outbox: ${err.message}`));
          return envelope.id;
        },
      },
    },
  } as unknown as ServiceSchema;
}

type ConsumerThis = StoresMethods;

export function consumerService(current: () => Probe): ServiceSchema {
  return {
    name: 'bench-consumer',
    // The store first: mixins start in order, so events arrive to a connected store.
    mixins: [StoresMixin({ 'order-history': consumerSchema }), ConsumerMixin()],
    eventConsumers: {
      [EVENT]: {
        // Each produced item is its own aggregate, as each order is for notifications.
        key: (envelope: EventEnvelope<{ seq: number }>) => String(envelope.data.seq),
        async handler(this: ConsumerThis, envelope: EventEnvelope<{ seq: number }>) {
          const fresh = await applyOnce(this.store('order-history'), envelope, [
            { op: 'insert', collection: 'tallies', doc: { id: envelope.id, seq: envelope.data.seq, at: Date.now() } },
          ]);
          if (fresh) current().handledOne(envelope.id);
        },
      },
    },
  } as unknown as ServiceSchema;
}
