import http from 'node:http';

/**
 * Load generation for the bench on loopback: a closed loop of N keep-alive connections (each sends
 * its next request when the last one answered), and a bounded-concurrency runner for in-process
 * calls. Both stop by themselves at a request count or a deadline, whichever comes first.
 */

export interface Summary {
  count: number;
  /** Operations per second over the wall time of the run. */
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  /** Milliseconds. */
  elapsedMs: number;
}

/** Nearest-rank percentile (the smallest value with at least p% of values at or below it) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

export function summarize(latenciesMs: readonly number[], elapsedMs: number): Summary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const values = Array.from(sorted);
  return {
    count: values.length,
    throughput: elapsedMs > 0 ? (values.length * 1000) / elapsedMs : 0,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length ? values[values.length - 1] : NaN,
    elapsedMs,
  };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export interface ConcurrentResult<K extends string> extends Summary {
  /** How many operations ended in each outcome the classifier named. */
  outcomes: Partial<Record<K | 'error', number>>;
  /** A few distinct unexpected errors, for the report. */
  errors: string[];
}

/**
 * Runs `total` operations with at most `concurrency` in flight. `op` resolves to an outcome name
 * (e.g. 'ok', 'refused'); a rejection counts as 'error'. Latency covers every operation.
 */
export async function runConcurrent<K extends string>(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<K>,
): Promise<ConcurrentResult<K>> {
  const latencies: number[] = [];
  const outcomes: Partial<Record<K | 'error', number>> = {};
  const errors = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = nowMs();
      let outcome: K | 'error';
      try {
        outcome = await op(i);
      } catch (err) {
        outcome = 'error';
        if (errors.size < 5) errors.add((err as Error).message);
      }
      latencies.push(nowMs() - t0);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  };
  const start = nowMs();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { ...summarize(latencies, nowMs() - start), outcomes, errors: [...errors] };
}

export interface HttpLoadOptions {
  url: string;
  connections: number;
  /** Stop after this many requests... */
  requests: number;
  /** ...or at this deadline, whichever comes first. */
  maxDurationMs: number;
}

export interface HttpLoadResult extends Summary {
  /** Responses by status code; 0 = transport error. */
  statuses: Record<string, number>;
  /** Requests answered with a status other than 200 (or not answered). */
  failures: number;
  bytesPerResponse: number;
}

function get(agent: http.Agent, url: URL): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', () => resolve({ status: 0, bytes }));
    });
    req.on('error', () => resolve({ status: 0, bytes: 0 }));
  });
}

/** Closed-loop GET load: `connections` keep-alive sockets, each sending one request at a time. */
export async function httpLoad(opts: HttpLoadOptions): Promise<HttpLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const url = new URL(opts.url);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let bytes = 0;
  const start = nowMs();
  const deadline = start + opts.maxDurationMs;
  const connection = async () => {
    while (sent < opts.requests && nowMs() < deadline) {
      sent++;
      const t0 = nowMs();
      const res = await get(agent, url);
      latencies.push(nowMs() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      bytes += res.bytes;
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.connections }, connection));
  } finally {
    agent.destroy();
  }
  const summary = summarize(latencies, nowMs() - start);
  return {
    ...summary,
    statuses,
    failures: summary.count - (statuses['200'] ?? 0),
    bytesPerResponse: summary.count ? Math.round(bytes / summary.count) : 0,
  };
}
