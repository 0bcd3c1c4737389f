import { Cachers } from 'moleculer';
import type Redis from 'ioredis';

type RedisCacherOptions = ConstructorParameters<typeof Cachers.Redis>[0];

/**
 * Moleculer's Redis cacher, made to fail open: a cache must never turn a Redis outage into failed
 * reads. The stock cacher rejects the action when `get` fails and leaves a rejected `set` unhandled.
 *
 * Here, while Redis is unreachable every read is a miss (the action runs against its store) and
 * writes to the cache are skipped. An invalidation (`del`/`clean`) that could not reach Redis
 * leaves entries there that may now be stale, so the cacher turns *dirty*: it answers nothing
 * from Redis until it has cleaned its whole prefix after the connection came back. Commands never
 * queue behind a dead connection (`enableOfflineQueue: false`) and time out after `commandTimeout`.
 */
export class FailOpenRedisCacher extends Cachers.Redis<Redis> {
  private dirty = false;
  /** Counts lost invalidations, so a clean that raced a newer loss does not clear the flag. */
  private losses = 0;
  private cleaning?: Promise<void>;

  constructor(opts: RedisCacherOptions & { redis: Record<string, unknown> }) {
    super({
      ...opts,
      redis: { enableOfflineQueue: false, commandTimeout: 1_000, connectTimeout: 2_000, ...opts.redis },
    });
  }

  override init(broker: Parameters<Cachers.Redis['init']>[0]): void {
    super.init(broker);
    // A reconnect after lost invalidations: clean before answering from Redis again.
    this.client.on('ready', () => void this.recover());
  }

  /** QUIT cannot reach a Redis that is away, and the client would go on reconnecting: drop the connection instead. */
  override async close(): Promise<void> {
    if (this.client.status === 'ready') return super.close().catch(() => this.client.disconnect());
    this.client.disconnect();
  }

  /** What the cache middleware takes for "not cached" (undefined unless configured; null would be a cached null). */
  private get miss(): Record<string, unknown> | null {
    return this.opts.missingResponse as Record<string, unknown> | null;
  }

  /** Whether reads may use Redis now. */
  get usable(): boolean {
    return this.client.status === 'ready' && !this.dirty;
  }

  override async get(key: string): Promise<Record<string, unknown> | null> {
    if (!this.usable) return this.miss;
    return super.get(key).catch(() => this.miss);
  }

  override async getWithTTL(key: string): Promise<Record<string, unknown> | null> {
    const miss = { data: this.miss, ttl: null } as unknown as Record<string, unknown>;
    if (!this.usable) return miss;
    return super.getWithTTL(key).catch(() => miss);
  }

  override async set(key: string, data: unknown, ttl?: number): Promise<void> {
    if (!this.usable) return;
    // A value that did not reach Redis is only a missed cache fill, never a stale entry.
    await super.set(key, data, ttl).catch(() => undefined);
  }

  override async del(key: string | string[]): Promise<void> {
    if (this.client.status !== 'ready') return this.lost();
    await super.del(key).catch(() => this.lost());
  }

  override async clean(match?: string | string[]): Promise<void> {
    if (this.client.status !== 'ready') return this.lost();
    await super.clean(match).catch(() => this.lost());
  }

  private lost(): void {
    if (!this.dirty)
      this.logger.warn('Redis cacher: an invalidation did not reach Redis; reads bypass the cache until it is cleaned');
    this.dirty = true;
    this.losses++;
    if (this.client.status === 'ready') void this.recover();
  }

  private recover(): Promise<void> {
    if (!this.dirty || this.cleaning) return this.cleaning ?? Promise.resolve();
    const seen = this.losses;
    this.cleaning = super
      .clean('**')
      .then(() => {
        if (this.losses !== seen) return;
        this.dirty = false;
        this.logger.info('Redis cacher: cleaned after lost invalidations; caching again');
      })
      .catch(() => undefined)
      .finally(() => {
        this.cleaning = undefined;
        // A loss during the clean: clean again if the connection is still up.
        if (this.dirty && this.client.status === 'ready') void this.recover();
      });
    return this.cleaning;
  }
}
