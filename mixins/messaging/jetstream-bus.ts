import { type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection, type StreamConfig } from 'nats';
import {
  checkEventName,
  deadLetterOf,
  DEFAULT_RETRY,
  errorText,
  token,
  type DeadLetter,
  type EventBus,
  type EventHandler,
  type Lanes,
  type RetryPolicy,
  type Subscription,
} from './event-bus';
import type { EventEnvelope } from './messaging.types';
import { KeyedLanes, laneOf } from './keyed-lanes';
import { connectNats, type NatsServer } from './nats-tls';
import {
  messageCodec,
  ensureDurable,
  getLetter,
  listLetters,
  replayHeaders,
  REPLAY_GROUP,
  streamConfig,
  type Letter,
} from './jetstream-parts';

/**
 * The cluster's bus on NATS JetStream. One stream per domain (the event name's first segment) and
 * namespace, `<NS>_EVENTS_<DOMAIN>` on `<ns>.events.<domain>.<name>`; publishing sets the envelope
 * id as the message id, so a re-publish inside the duplicate window is dropped by the server.
 * Consumers are durable pull consumers `<ns>_<group>_<event>`: acknowledged after the handler
 * succeeds, delayed-nak'ed with backoff when it throws, and moved to `<NS>_EVENTS_DLQ`
 * (`<ns>.dlq.<group>.<event>`) after the last attempt. The client reconnects forever, so the bus
 * outlives NATS restarts; publishing while NATS is away fails and the outbox tries again.
 */
export class JetStreamBus implements EventBus {
  private nc?: Promise<NatsConnection>;
  private clients?: Promise<{ js: JetStreamClient; jsm: JetStreamManager }>;
  private streams = new Map<string, Promise<void>>();
  private subs = new Set<Subscription>();
  private readonly ns: string;

  constructor(
    private server: string | NatsServer,
    namespace: string,
    private warn: (message: string) => void = () => undefined,
  ) {
    this.ns = token(namespace);
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    const { js } = await this.ready(envelope.event);
    await js.publish(this.subject(envelope.event), messageCodec.encode(envelope), { msgID: envelope.id });
  }

  async subscribe(
    group: string,
    event: string,
    handler: EventHandler,
    retry: RetryPolicy = DEFAULT_RETRY,
    lanes: Lanes = { concurrency: 1 },
  ): Promise<Subscription> {
    const { js, jsm } = await this.ready(event);
    const stream = this.streamOf(event);
    const durable = token(`${this.ns}_${group}_${event}`);
    await ensureDurable(jsm, stream, durable, this.subject(event), retry);
    const max_messages = Math.max(16, 2 * lanes.concurrency);
    const messages = await (await js.consumers.get(stream, durable)).consume({ max_messages });
    const running = new KeyedLanes(lanes.concurrency, (err) =>
      this.warn(`JetStream: ${group} settling ${event} failed: ${errorText(err)}`),
    );
    const loop = (async () => {
      for await (const m of messages) {
        const envelope = this.decode(m);
        if (envelope) await running.admit(laneOf(lanes, envelope), () => this.handle(m, envelope, group, handler, retry));
      }
    })()
      .catch((err: Error) => this.warn(`JetStream: ${group} consuming ${event} stopped: ${err.message}`))
      .finally(() => running.drain());
    const sub: Subscription = {
      stop: async () => {
        this.subs.delete(sub);
        await messages.close();
        await loop;
      },
    };
    this.subs.add(sub);
    return sub;
  }

  private decode(m: JsMsg): EventEnvelope | null {
    try {
      return messageCodec.decode(m.data) as EventEnvelope;
    } catch {
      this.warn(`JetStream: dropping an undecodable message on ${m.subject}`);
      m.term();
      return null;
    }
  }

  private async handle(m: JsMsg, envelope: EventEnvelope, group: string, handler: EventHandler, retry: RetryPolicy) {
    const only = m.headers?.get(REPLAY_GROUP);
    if (only && only !== group) return m.ack();
    const attempt = m.info.deliveryCount;
    try {
      await handler(envelope);
      m.ack();
    } catch (err) {
      if (attempt < retry.maxAttempts) return m.nak(retry.backoffMs(attempt));
      try {
        const letter: Letter = deadLetterOf(group, envelope, err, attempt);
        await (await this.ready()).js.publish(`${this.dlqPrefix(group)}${envelope.event}`, messageCodec.encode(letter));
        this.warn(`JetStream: ${group} gave up on ${envelope.event} ${envelope.id} after ${attempt} attempts`);
        m.ack();
      } catch (dlqErr) {
        this.warn(`JetStream: dead-lettering ${envelope.id} failed: ${(dlqErr as Error).message}`);
        m.nak(retry.backoffMs(attempt));
      }
    }
  }

  async deadLetters(group: string, limit = 100): Promise<DeadLetter[]> {
    return listLetters((await this.ready()).jsm, this.dlqStream, this.dlqPrefix(group), limit);
  }

  async deadLetter(group: string, id: string): Promise<DeadLetter | null> {
    return getLetter((await this.ready()).jsm, this.dlqStream, this.dlqPrefix(group), id);
  }

  async replay(group: string, id: string): Promise<boolean> {
    const letter = await this.deadLetter(group, id);
    if (!letter) return false;
    const { js, jsm } = await this.ready(letter.event);
    await js.publish(this.subject(letter.event), messageCodec.encode(letter.envelope), {
      msgID: `replay-${id}-${letter.envelope.id}`,
      headers: replayHeaders(group),
    });
    await jsm.streams.deleteMessage(this.dlqStream, Number(id), false);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.stop()));
    const nc = await this.nc?.catch(() => undefined);
    this.nc = undefined;
    this.clients = undefined;
    await nc?.drain().catch(() => undefined);
  }

  /** The connection, with the DLQ stream and (given an event) its domain's stream in place. */
  private async ready(event?: string): Promise<{ js: JetStreamClient; jsm: JetStreamManager }> {
    // Once per connection: jetstreamManager() asks the server for its account info, a round trip every publish used to pay.
    this.nc ??= connectNats(this.server, `${this.ns}-events`);
    this.clients ??= this.nc.then(async (nc) => ({ js: nc.jetstream(), jsm: await nc.jetstreamManager() }));
    this.clients.catch(() => (this.clients = undefined));
    const { js, jsm } = await this.clients;
    await this.ensureStream(jsm, this.dlqStream, [`${this.ns}.dlq.>`], { allow_direct: true });
    if (event) {
      const domain = checkEventName(event).split('.')[0];
      await this.ensureStream(jsm, this.streamOf(event), [`${this.ns}.events.${domain}.>`]);
    }
    return { js, jsm };
  }

  /** Adding a stream with the same config is a no-op on the server; a changed config is updated. Once per process. */
  private ensureStream(
    jsm: JetStreamManager,
    name: string,
    subjects: string[],
    extra: Partial<StreamConfig> = {},
  ): Promise<void> {
    let done = this.streams.get(name);
    if (!done) {
      const config = streamConfig(name, subjects, extra);
      done = jsm.streams
        .add(config)
        .catch(() => jsm.streams.update(name, config))
        .then(() => undefined);
      // A failure (NATS away) is not remembered: the next call tries again.
      done.catch(() => this.streams.delete(name));
      this.streams.set(name, done);
    }
    return done;
  }

  private subject(event: string) {
    return `${this.ns}.events.${checkEventName(event)}`;
  }
  private streamOf(event: string) {
    return `${this.ns}_EVENTS_${token(event.split('.')[0]).toUpperCase()}`;
  }
  private dlqPrefix(group: string) {
    return `${this.ns}.dlq.${token(group)}.`;
  }
  private get dlqStream() {
    return `${this.ns}_EVENTS_DLQ`;
  }
}
