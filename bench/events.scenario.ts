import { dropStreams } from '../test/support/platform';
import { spawnBench } from './children';
import { dropDatabases } from './cleanup';
import type { EventsRun } from './events.node';

/**
 * Scenario 4: events from an outbox to a durable consumer (relay, JetStream, inbox) against raw
 * JetStream publish-and-consume, in one node process (events.node.ts).
 */

export interface EventsSettings {
  /** Events per rate run, on both paths. */
  events: number;
  /** Producers (platform) and publishers (raw) in flight. */
  concurrency: number;
  /** Events sent one at a time, for latency without a backlog. */
  latencyEvents: number;
}

export interface EventsResult {
  settings: EventsSettings;
  platform: {
    /** Events handled per second: first produce call → last handled. */
    throughput: number;
    elapsedMs: number;
    /** Commits per second the producers reached meanwhile. */
    produceThroughput: number;
    /** Commit → handled during the rate run (includes the backlog), ms. */
    backlogP50Ms: number;
    backlogP99Ms: number;
    /** Commit → handled with one event in flight, ms. */
    p50Ms: number;
    p99Ms: number;
  };
  raw: { throughput: number; elapsedMs: number; backlogP50Ms: number; backlogP99Ms: number; p50Ms: number; p99Ms: number };
  /** Platform throughput / raw throughput. */
  ratio: number;
}

export async function eventsScenario(s: EventsSettings, log: (line: string) => void): Promise<EventsResult> {
  const node = spawnBench('bench/events.node.ts', [s.events, s.concurrency, s.latencyEvents].map(String));
  let started: { prefix: string; namespace: string } | undefined;
  try {
    started = await node.next<{ prefix: string; namespace: string }>(90_000);
    const r = await node.next<EventsRun>(60_000 + s.events * 50);
    const code = await node.exited;
    if (code !== 0) throw new Error(`events node exited with ${code}:\n${node.output()}`);
    const result: EventsResult = {
      settings: s,
      platform: {
        throughput: r.platform.throughput,
        elapsedMs: r.platform.elapsedMs,
        produceThroughput: r.produceThroughput,
        backlogP50Ms: r.platform.p50,
        backlogP99Ms: r.platform.p99,
        p50Ms: r.platformLatency.p50,
        p99Ms: r.platformLatency.p99,
      },
      raw: {
        throughput: r.raw.throughput,
        elapsedMs: r.raw.elapsedMs,
        backlogP50Ms: r.raw.p50,
        backlogP99Ms: r.raw.p99,
        p50Ms: r.rawLatency.p50,
        p99Ms: r.rawLatency.p99,
      },
      ratio: r.platform.throughput / r.raw.throughput,
    };
    log(
      `  outbox → consumer ${result.platform.throughput.toFixed(0)} events/s (producers ${result.platform.produceThroughput.toFixed(0)}/s), ` +
        `raw JetStream ${result.raw.throughput.toFixed(0)}/s: ratio ${result.ratio.toFixed(3)}`,
    );
    return result;
  } finally {
    await node.stop();
    // The node drops its own; this covers one that had to be killed.
    if (started) {
      const left = await dropDatabases(started.prefix);
      if (left) log(`  dropped ${left} database(s) the node left behind (${started.prefix})`);
      await dropStreams(started.namespace);
    }
  }
}
