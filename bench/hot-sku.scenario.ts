import { findDynamoLocal } from '../mixins/store/dynamodb/dynamodb-local';
import { spawnBench } from './children';
import { dropDatabases } from './cleanup';
import type { PathResult } from './hot-sku.node';

/** Scenario 3: a hot SKU per inventory engine, each in its own node process (see hot-sku.node.ts). */

export interface HotSkuSettings {
  concurrent: number;
  stock: number;
  rounds: number;
}

export interface PathSummary {
  /** Operations per second, the median round. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  /** Summed over rounds. */
  successes: number;
  refused: number;
  errors: number;
  /** The worst round. */
  oversell: number;
  minFinalAvailable: number;
  /** Every round took exactly `stock` units. */
  exact: boolean;
  errorSamples: string[];
}

export interface EngineResult {
  engine: string;
  skipped?: string;
  platform?: PathSummary;
  store?: PathSummary;
  raw?: PathSummary;
  rawDescription?: string;
  /** Platform throughput / raw driver throughput. */
  ratioToRaw?: number;
  ratioToStore?: number;
  nodeRssMiB?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function summarizePath(rounds: PathResult[], stock: number): PathSummary {
  return {
    throughput: median(rounds.map((r) => r.throughput)),
    p50Ms: median(rounds.map((r) => r.p50)),
    p99Ms: Math.max(...rounds.map((r) => r.p99)),
    successes: rounds.reduce((n, r) => n + r.successes, 0),
    refused: rounds.reduce((n, r) => n + (r.outcomes.refused ?? 0), 0),
    errors: rounds.reduce((n, r) => n + (r.outcomes.error ?? 0), 0),
    oversell: Math.max(...rounds.map((r) => r.oversell)),
    minFinalAvailable: Math.min(...rounds.map((r) => r.finalAvailable)),
    exact: rounds.every((r) => r.successes === stock && r.finalReserved === stock),
    errorSamples: [...new Set(rounds.flatMap((r) => r.errors))].slice(0, 3),
  };
}

export async function hotSkuScenario(s: HotSkuSettings, log: (line: string) => void): Promise<EngineResult[]> {
  const out: EngineResult[] = [];
  for (const engine of ['postgres', 'dynamodb'] as const) {
    const label = engine === 'postgres' ? 'PostgreSQL' : 'DynamoDB Local';
    if (engine === 'dynamodb' && !findDynamoLocal()) {
      out.push({ engine: label, skipped: 'Java or the DynamoDB Local jar is not available' });
      continue;
    }
    const node = spawnBench('bench/hot-sku.node.ts', [engine, String(s.concurrent), String(s.stock), String(s.rounds)]);
    let prefix: string | undefined;
    try {
      ({ prefix } = await node.next<{ prefix: string }>(120_000));
      const r = await node.next<{ results: Record<'platform' | 'store' | 'raw', PathResult[]>; raw: string; rssMiB: number }>(
        60_000 * s.rounds,
      );
      const [platform, store, raw] = (['platform', 'store', 'raw'] as const).map((p) => summarizePath(r.results[p], s.stock));
      out.push({
        engine: label,
        platform,
        store,
        raw,
        rawDescription: r.raw,
        ratioToRaw: platform.throughput / raw.throughput,
        ratioToStore: platform.throughput / store.throughput,
        nodeRssMiB: r.rssMiB,
      });
      log(
        `  ${label}: platform ${platform.throughput.toFixed(0)}/s (${platform.successes} held, oversell ${platform.oversell}), ` +
          `store ${store.throughput.toFixed(0)}/s, raw ${raw.throughput.toFixed(0)}/s`,
      );
      const code = await node.exited;
      if (code !== 0) throw new Error(`hot-sku node (${engine}) exited with ${code}:\n${node.output()}`);
    } finally {
      await node.stop();
      const left = prefix ? await dropDatabases(prefix) : 0;
      if (left) log(`  dropped ${left} database(s) the node left behind (${prefix})`);
    }
  }
  return out;
}
