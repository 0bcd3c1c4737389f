import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, DeliverPolicy, JSONCodec, nanos, StorageType } from 'nats';
import { runConcurrent, summarize } from './load';

/**
 * Scenario 4's baseline: the `nats` package alone. `total` messages the size of the bench's
 * envelopes published to a file-storage stream (`concurrency` publishers, each awaiting its PubAck,
 * with the message id the bus sets), taken by a durable pull consumer with explicit acks on the
 * settings JetStreamBus uses (ack wait 30 s, 16 messages pulled at a time, handled one at a time).
 * The stream is `<namespace>_RAW_<tag>`, deleted at the end (the node's dropStreams would too).
 */
export interface RawResult {
  count: number;
  /** total / (first publish → last ack), messages per second. */
  throughput: number;
  elapsedMs: number;
  /** Publish call → the consumer's ack, ms. */
  p50: number;
  p99: number;
}

const codec = JSONCodec<unknown>();

export async function rawJetStream(
  url: string,
  namespace: string,
  tag: string,
  total: number,
  concurrency: number,
): Promise<RawResult> {
  const nc = await connect({ servers: url, name: `${namespace}-raw` });
  const jsm = await nc.jetstreamManager();
  const stream = `${namespace}_RAW_${tag}`;
  const subject = `${namespace}.raw.${tag}`;
  try {
    await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File, duplicate_window: nanos(120_000) });
    await jsm.consumers.add(stream, {
      durable_name: stream,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      ack_wait: nanos(30_000),
    });
    const js = nc.jetstream();
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let lastAck = 0;
    let allAcked!: () => void;
    const everyAck = new Promise<void>((resolve) => (allAcked = resolve));
    const messages = await (await js.consumers.get(stream, stream)).consume({ max_messages: 16 });
    const consumed = (async () => {
      for await (const m of messages) {
        const { id } = codec.decode(m.data) as { id: string };
        m.ack();
        lastAck = performance.now();
        latencies.push(lastAck - sentAt.get(id)!);
        if (latencies.length === total) allAcked();
      }
    })();
    const start = performance.now();
    const publish = await runConcurrent(total, concurrency, async (seq) => {
      const id = randomUUID();
      const envelope = {
        id,
        event: 'bench.produced',
        occurredAt: Date.now(),
        source: 'raw',
        data: { seq, body: 'x'.repeat(160) },
      };
      sentAt.set(id, performance.now());
      await js.publish(subject, codec.encode(envelope), { msgID: id });
      return 'ok';
    });
    if (publish.outcomes.error) throw new Error(`raw publish failed: ${publish.errors.join('; ')}`);
    await everyAck;
    await messages.close();
    await consumed;
    const s = summarize(latencies, lastAck - start);
    return { count: s.count, throughput: s.throughput, elapsedMs: s.elapsedMs, p50: s.p50, p99: s.p99 };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
  }
}
