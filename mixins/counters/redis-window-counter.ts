import Redis from 'ioredis';
import { redisOptions, type RedisTarget } from './redis-options';
import { redisReady } from './redis-ready';
import { windowEnd, windowIndex, type WindowCount, type WindowCounter } from './window-counter';

// INCRBY and the first PEXPIRE in one step, so a crash between them cannot leave a counter that never expires.
const HIT = `local c = redis.call('INCRBY', KEYS[1], ARGV[1])
if c == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return c`;

/**
 * Cluster-wide counters: one key per window (`<prefix>:<key>:<window index>`), expiring with it.
 * They fail open: while Redis is unreachable a hit counts as the first of its window (requests and
 * sign-ins go through unthrottled) rather than turning every request into an error. Commands are
 * not queued while disconnected and time out fast, so an outage costs milliseconds, not seconds.
 */
export class RedisWindowCounter implements WindowCounter {
  readonly kind = 'redis';
  private readonly redis: Redis;

  constructor(
    redis: RedisTarget | string,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.redis = new Redis({
      ...redisOptions(redis),
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1_000,
      commandTimeout: 500,
    });
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
    const count = (await redisReady(this.redis))
      ? Number(await this.redis.eval(HIT, 1, this.keyFor(key, windowMs, t), by, ttl).catch(() => by))
      : by;
    return { count, resetAt: windowEnd(t, windowMs) };
  }

  async peek(key: string, windowMs: number): Promise<WindowCount> {
    const t = this.now();
    const v = (await redisReady(this.redis)) ? await this.redis.get(this.keyFor(key, windowMs, t)).catch(() => null) : null;
    return { count: Number(v ?? 0), resetAt: windowEnd(t, windowMs) };
  }

  async reset(key: string, windowMs: number): Promise<void> {
    if (await redisReady(this.redis)) await this.redis.del(this.keyFor(key, windowMs, this.now())).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
