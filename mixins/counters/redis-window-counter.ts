import Redis from 'ioredis';
import { windowEnd, windowIndex, type WindowCount, type WindowCounter } from './window-counter';

// INCRBY and the first PEXPIRE in one step, so a crash between them cannot leave a counter that never expires.
const HIT = `local c = redis.call('INCRBY', KEYS[1], ARGV[1])
if c == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return c`;

/** Cluster-wide counters: one key per window (`<prefix>:<key>:<window index>`), expiring with it. */
export class RedisWindowCounter implements WindowCounter {
  readonly kind = 'redis';
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // Connection errors surface on the calls that need Redis; the client reconnects on its own.
    this.redis.on('error', () => undefined);
  }

  private keyFor(key: string, windowMs: number, t: number): string {
    return `${this.prefix}:${windowMs}:${key}:${windowIndex(t, windowMs)}`;
  }

  async hit(key: string, windowMs: number, by = 1): Promise<WindowCount> {
    const t = this.now();
    // Kept a little past the window so a clock a few ms behind still finds it.
    const ttl = windowEnd(t, windowMs) - t + 1_000;
    const count = Number(await this.redis.eval(HIT, 1, this.keyFor(key, windowMs, t), by, ttl));
    return { count, resetAt: windowEnd(t, windowMs) };
  }

  async peek(key: string, windowMs: number): Promise<WindowCount> {
    const t = this.now();
    const v = await this.redis.get(this.keyFor(key, windowMs, t));
    return { count: Number(v ?? 0), resetAt: windowEnd(t, windowMs) };
  }

  async reset(key: string, windowMs: number): Promise<void> {
    await this.redis.del(this.keyFor(key, windowMs, this.now()));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
