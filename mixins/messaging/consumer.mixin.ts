import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { Errors } from 'moleculer';
import { acquireBus, releaseBus } from './bus.registry';
import { config } from '../../config/config';
import { retryPolicy, type DeadLetter, type EventBus, type Lanes, type RetryPolicy, type Subscription } from './event-bus';
import { RELAYED, type EventEnvelope } from './messaging.types';

/**
 * A durable event handler: gets the envelope and a context for calls. It must be idempotent by
 * envelope id (use applyOnce); throwing means "try again later".
 */
export type EventConsumer<S = Service> = (this: S, envelope: EventEnvelope, ctx: Context) => Promise<void>;

/**
 * A consumer that names what must stay in order (an order id, a user id): deliveries with
 * different keys are handled side by side, up to EVENT_CONSUMER_CONCURRENCY; one key's in turn.
 */
export interface KeyedConsumer<S = Service> {
  key(envelope: EventEnvelope): string | undefined;
  handler: EventConsumer<S>;
}

/** What a service schema declares next to `actions` to consume events durably. */
export interface ConsumerSchema<S = Service> {
  eventConsumers: Record<string, EventConsumer<S> | KeyedConsumer<S>>;
}

interface ConsumerVars {
  consumerBus?: EventBus;
  consumerSubs?: Subscription[];
}
type ConsumerThis = Service & ConsumerVars & { schema: Partial<ConsumerSchema> };

const internal = { visibility: 'public', access: 'internal' } as const;
const idParam = { id: { type: 'string', pattern: /^[0-9a-zA-Z-]{1,40}$/ }, $$strict: true };

/**
 * Subscribes the service's `eventConsumers` to the event bus as consumer group = service name (all
 * nodes of a service share the durable consumer; each event is handled by one of them), and gives
 * the service internal `deadLetters.list/get/replay` actions for operators.
 *
 * Handlers run only from the bus, never straight from a Moleculer event, so nothing is handled
 * twice. A Moleculer event carrying such an envelope (the relay's loss-tolerant echo, or code that
 * still emits directly) is forwarded into the bus: the bus drops it by id when it already has it.
 */
export function ConsumerMixin(retry: Partial<RetryPolicy> = {}): Partial<ServiceSchema> {
  const bus = (svc: ConsumerThis) => {
    if (!svc.consumerBus) throw new Errors.MoleculerError('The event bus is not open', 503, 'SERVICE_NOT_AVAILABLE');
    return svc.consumerBus;
  };
  const mixin: ServiceSchema<ServiceSettingSchema, Record<string, never>, ConsumerVars> = {
    name: '',
    actions: {
      'deadLetters.list': {
        ...internal,
        idempotent: true,
        params: { limit: { type: 'number', integer: true, min: 1, max: 1_000, optional: true }, $$strict: true },
        handler(this: ConsumerThis, ctx: Context<{ limit?: number }>): Promise<DeadLetter[]> {
          return bus(this).deadLetters(this.name, ctx.params.limit ?? 100);
        },
      },
      'deadLetters.get': {
        ...internal,
        idempotent: true,
        params: idParam,
        async handler(this: ConsumerThis, ctx: Context<{ id: string }>): Promise<DeadLetter> {
          const letter = await bus(this).deadLetter(this.name, ctx.params.id);
          if (!letter) throw new Errors.MoleculerClientError('Dead letter not found', 404, 'NOT_FOUND');
          return letter;
        },
      },
      'deadLetters.replay': {
        ...internal,
        idempotent: false,
        params: idParam,
        async handler(this: ConsumerThis, ctx: Context<{ id: string }>): Promise<{ replayed: string }> {
          if (!(await bus(this).replay(this.name, ctx.params.id)))
            throw new Errors.MoleculerClientError('Dead letter not found', 404, 'NOT_FOUND');
          this.logger.info(`Replayed dead letter ${ctx.params.id}`);
          return { replayed: ctx.params.id };
        },
      },
    },
    async started(this: ConsumerThis) {
      const consumers = this.schema.eventConsumers ?? {};
      // The configured policy (EVENT_MAX_ATTEMPTS, EVENT_RETRY_*), unless the service names its own.
      const policy: RetryPolicy = { ...retryPolicy(config().events), ...retry };
      this.consumerBus = acquireBus(this.broker);
      this.consumerSubs = [];
      for (const [event, consumer] of Object.entries(consumers)) {
        const { handler, key } = typeof consumer === 'function' ? { handler: consumer, key: undefined } : consumer;
        const run = (envelope: EventEnvelope) =>
          handler.call(
            this,
            envelope,
            this.broker.ContextFactory.create(this.broker, null as never, envelope, { requestID: envelope.id }),
          );
        // Without a key the deliveries share one lane: handled one at a time, in order.
        const lanes: Lanes = key ? { concurrency: config().events.consumerConcurrency, keyOf: key } : { concurrency: 1 };
        this.consumerSubs.push(await this.consumerBus.subscribe(this.name, event, run, policy, lanes));
      }
    },
    async stopped(this: ConsumerThis) {
      await Promise.all((this.consumerSubs ?? []).map((s) => s.stop()));
      this.consumerSubs = [];
      if (this.consumerBus) await releaseBus(this.broker);
      this.consumerBus = undefined;
    },
  };
  // Moleculer's typings lack the `merged` hook; it runs once the mixins are merged, before events are registered.
  const merged = function (schema: ServiceSchema & Partial<ConsumerSchema>) {
    const events = (schema.events ??= {}) as Record<string, unknown>;
    for (const event of Object.keys(schema.eventConsumers ?? {})) {
      events[event] ??= async function forward(this: ConsumerThis, ctx: Context<Partial<EventEnvelope>>) {
        const envelope = ctx.params;
        if (!this.consumerBus || typeof envelope?.id !== 'string' || envelope.event !== event) return;
        if ((ctx.meta as Record<string, unknown>)[RELAYED]) return;
        await this.consumerBus
          .publish(envelope as EventEnvelope)
          .catch((err: Error) => this.logger.warn(`Forwarding ${event} ${envelope.id} to the event bus failed: ${err.message}`));
      };
    }
  };
  return { ...mixin, merged } as unknown as Partial<ServiceSchema>;
}
