/** A count within a fixed time window aligned to the epoch, so every node agrees when it resets. */
export interface WindowCount {
  count: number;
  /** Epoch ms when this window ends and the count starts again from 0. */
  resetAt: number;
}

/**
 * Fixed-window counters shared by whoever uses the same backing store: the gateway's rate limit
 * and the auth service's login throttle. Redis makes them cluster-wide; memory serves one process.
 */
export interface WindowCounter {
  readonly kind: 'redis' | 'memory';
  /** Adds `by` (default 1) and returns the new count. */
  hit(key: string, windowMs: number, by?: number): Promise<WindowCount>;
  /** The current count without changing it. */
  peek(key: string, windowMs: number): Promise<WindowCount>;
  /** Forgets the current window's count (a successful login clears its email's failures). */
  reset(key: string, windowMs: number): Promise<void>;
  close(): Promise<void>;
}

export const windowIndex = (now: number, windowMs: number) => Math.floor(now / windowMs);
export const windowEnd = (now: number, windowMs: number) => (windowIndex(now, windowMs) + 1) * windowMs;

/** One process's counters; expired windows are dropped as they are touched and by a periodic sweep. */
export class MemoryWindowCounter implements WindowCounter {
  readonly kind = 'memory';
  private readonly counts = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  constructor(private readonly now: () => number = Date.now) {}

  private slot(key: string, windowMs: number): { count: number; resetAt: number; id: string } {
    const t = this.now();
    const id = `${windowMs}:${key}`;
    const cur = this.counts.get(id);
    if (cur && cur.resetAt > t) return { ...cur, id };
    return { count: 0, resetAt: windowEnd(t, windowMs), id };
  }

  async hit(key: string, windowMs: number, by = 1): Promise<WindowCount> {
    const s = this.slot(key, windowMs);
    const next = { count: s.count + by, resetAt: s.resetAt };
    this.counts.set(s.id, next);
    return next;
  }

  async peek(key: string, windowMs: number): Promise<WindowCount> {
    const { count, resetAt } = this.slot(key, windowMs);
    return { count, resetAt };
  }

  async reset(key: string, windowMs: number): Promise<void> {
    this.counts.delete(`${windowMs}:${key}`);
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, c] of this.counts) if (c.resetAt <= t) this.counts.delete(id);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.counts.clear();
  }
}
