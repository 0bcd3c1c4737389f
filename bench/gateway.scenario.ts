import { memoryOf, spawnBench, type BenchChild, type Memory } from './children';
import { dropDatabases } from './cleanup';
import { httpLoad, type HttpLoadResult } from './load';

/**
 * Scenario 1: GET /api/products/:id through the platform's gateway (a cache hit) against a bare
 * moleculer-web action returning the same body, under the same closed-loop load from this process.
 */

export interface GatewaySettings {
  connections: number;
  /** Measured requests per target per round. */
  requests: number;
  warmupRequests: number;
  rounds: number;
  maxDurationMs: number;
}

export interface TargetResult {
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  bytesPerResponse: number;
  rounds: HttpLoadResult[];
  memory: Memory | null;
}

export interface GatewayResult {
  settings: GatewaySettings;
  platform: TargetResult;
  bare: TargetResult;
  /** Platform throughput / bare throughput. */
  throughputRatio: number;
}

/** Latencies of several rounds cannot be merged from their percentiles; report the worst round's. */
function combine(rounds: HttpLoadResult[], memory: Memory | null): TargetResult {
  const requests = rounds.reduce((n, r) => n + r.count, 0);
  const elapsed = rounds.reduce((n, r) => n + r.elapsedMs, 0);
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  return {
    throughput: (requests * 1000) / elapsed,
    p50Ms: Math.max(...rounds.map((r) => r.p50)),
    p99Ms: Math.max(...rounds.map((r) => r.p99)),
    maxMs: Math.max(...rounds.map((r) => r.max)),
    requests,
    failures: rounds.reduce((n, r) => n + r.failures, 0),
    statuses,
    bytesPerResponse: rounds[0].bytesPerResponse,
    rounds,
    memory,
  };
}

export async function gatewayScenario(s: GatewaySettings, log: (line: string) => void): Promise<GatewayResult> {
  const children: BenchChild[] = [];
  let prefix: string | undefined;
  try {
    const platform = spawnBench('bench/platform.node.ts', [], {}, true);
    children.push(platform);
    const { url: platformUrl, ...reported } = await platform.next<{ url: string; prefix: string }>(90_000);
    prefix = reported.prefix;
    // The first read fills the cache; the second must be served from it with the same answer.
    const first = await fetch(platformUrl);
    const body = await first.text();
    if (first.status !== 200) throw new Error(`platform answered ${first.status}: ${body}`);
    if ((await (await fetch(platformUrl)).text()) !== body) throw new Error('the cached answer differs from the first one');

    const bare = spawnBench('bench/bare-gateway.node.ts', [], { BENCH_BODY: body }, true);
    children.push(bare);
    const { url: bareUrl } = await bare.next<{ url: string }>(60_000);

    const targets = { platform: platformUrl, bare: bareUrl };
    const rounds: Record<keyof typeof targets, HttpLoadResult[]> = { platform: [], bare: [] };
    for (let round = 0; round < s.rounds; round++) {
      // Alternate who goes first so drift on a shared machine does not favour one side.
      const order: (keyof typeof targets)[] = round % 2 ? ['platform', 'bare'] : ['bare', 'platform'];
      for (const name of order) {
        const load = { url: targets[name], connections: s.connections, maxDurationMs: s.maxDurationMs };
        await httpLoad({ ...load, requests: s.warmupRequests });
        const result = await httpLoad({ ...load, requests: s.requests });
        log(
          `  ${name} round ${round + 1}: ${result.throughput.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`,
        );
        rounds[name].push(result);
      }
    }
    const platformResult = combine(rounds.platform, memoryOf(platform.pid));
    const bareResult = combine(rounds.bare, memoryOf(bare.pid));
    return {
      settings: s,
      platform: platformResult,
      bare: bareResult,
      throughputRatio: platformResult.throughput / bareResult.throughput,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    // The node drops its databases when it stops; this covers one that had to be killed.
    const left = prefix ? await dropDatabases(prefix) : 0;
    if (left) log(`  dropped ${left} database(s) the node left behind (${prefix})`);
  }
}
