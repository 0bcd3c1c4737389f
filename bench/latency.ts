/** Latency figures of a scenario that times one call at a time (promotions, shipping quotes). */
export interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  calls: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ROUNDS = 5;

/**
 * `n` calls in 5 rounds. p99 is the median of the rounds' p99s: on a shared machine one round
 * that another process preempts should not decide a sub-millisecond figure (max keeps the worst).
 */
export async function timed(call: () => Promise<unknown>, n: number, warmup: number): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await call();
  const all: number[] = [];
  const p99s: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const took: number[] = [];
    for (let i = 0; i < Math.ceil(n / ROUNDS); i++) {
      const t0 = process.hrtime.bigint();
      await call();
      took.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    p99s.push(
      percentile(
        took.sort((a, b) => a - b),
        99,
      ),
    );
    all.push(...took);
  }
  all.sort((a, b) => a - b);
  p99s.sort((a, b) => a - b);
  return { p50Ms: percentile(all, 50), p99Ms: p99s[Math.floor(ROUNDS / 2)], maxMs: all[all.length - 1], calls: all.length };
}
