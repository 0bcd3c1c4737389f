/**
 * Scenario 4 (a child process; argv: events, concurrency, latencyEvents). A cluster node through
 * the test harness (NATS transporter and JetStream bus, stores on PostgreSQL) running the bench
 * producer and consumer (events.services.ts). Rate: `events` produce calls, `concurrency` at a
 * time, each committing a state row with its outbox row, until the consumer group has handled
 * every one (relay, JetStream, inbox). Latency: `latencyEvents` more, one at a time, each waited
 * for, so no backlog counts. Then both again through the `nats` package alone (events.raw.ts).
 * Reports, then stops, dropping its databases and streams.
 */
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import { startPlatform } from '../test/support/platform';
import { report } from './children';
import { rawJetStream, type RawResult } from './events.raw';
import { consumerService, probe, producerService, type Probe } from './events.services';
import { runConcurrent, summarize, type Summary } from './load';

export interface EventsRun {
  /** Produce calls → every event handled; p50/p99 are commit → handled under that backlog. */
  platform: Summary;
  /** Commits per second the producers reached meanwhile. */
  produceThroughput: number;
  /** Commit → handled with one event in flight. */
  platformLatency: { p50: number; p99: number };
  raw: RawResult;
  rawLatency: RawResult;
}

const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };

function within<T>(p: Promise<T>, ms: number, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why())), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function main(): Promise<void> {
  const [events, concurrency, latencyEvents] = process.argv.slice(2).map(Number);
  const platform = await startPlatform([], { LOG_LEVEL: 'warn' });
  const namespace = process.env.NAMESPACE!;
  report({ prefix: process.env.STORE_PREFIX, namespace });
  try {
    let current: Probe = probe(50);
    platform.broker.createService(producerService(() => current));
    platform.broker.createService(consumerService(() => current));
    // Services created on a running broker start by themselves; their actions appear once they have.
    await platform.broker.waitForServices(['bench-producer', 'bench-consumer'], 30_000);
    const produce = (seq: number) => platform.broker.call('bench-producer.produce', { seq }, asSystem).then(() => 'ok' as const);
    // Warm-up outside the count: streams, the durable consumer, pools and JIT, as a running platform has them.
    await runConcurrent(50, concurrency, produce);
    await within(current.done, 60_000, () => `warm-up: ${current.handled} of 50 events handled`);

    const counted = (current = probe(events));
    const start = performance.now();
    const run = await runConcurrent(events, concurrency, produce);
    if (run.outcomes.error) throw new Error(`produce failed: ${run.errors.join('; ')}`);
    await within(counted.done, 300_000, () => `only ${counted.handled} of ${events} events handled`);
    const platformRun = summarize(counted.latencies, counted.lastHandledAt - start);

    const single: number[] = [];
    for (let i = 0; i < latencyEvents; i++) {
      const one = (current = probe(1));
      await produce(i);
      await within(one.done, 10_000, () => 'an event was not handled within 10 s');
      single.push(...one.latencies);
    }
    const unloaded = summarize(single, 1);

    const url = process.env.TRANSPORTER!;
    const result: EventsRun = {
      platform: platformRun,
      produceThroughput: run.throughput,
      platformLatency: { p50: unloaded.p50, p99: unloaded.p99 },
      raw: await rawJetStream(url, namespace, 'RATE', events, concurrency),
      rawLatency: await rawJetStream(url, namespace, 'ONE', latencyEvents, 1),
    };
    report(result);
  } finally {
    await platform.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
