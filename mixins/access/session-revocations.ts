import Redis from 'ioredis';
import type { AppConfig } from '../../config/config';
import { redisReady } from '../counters/redis-ready';

/**
 * Sessions (refresh-token families) that ended before their access tokens expired. Auth adds a
 * session when it is logged out, reused or disabled; the gateway refuses access tokens carrying
 * it, so logout takes effect at once instead of when the last access token runs out. An entry
 * lives as long as an access token can, then lapses.
 */
export interface SessionRevocations {
  revoke(sids: string[]): Promise<void>;
  isRevoked(sid: string): Promise<boolean>;
  close(): Promise<void>;
}

class RedisRevocations implements SessionRevocations {
  private readonly redis: Redis;
  constructor(
    url: string,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1_000,
      commandTimeout: 500,
    });
    this.redis.on('error', () => undefined);
  }
  async revoke(sids: string[]): Promise<void> {
    if (sids.length === 0) return;
    if (!(await redisReady(this.redis))) throw new Error('Redis is unreachable');
    const multi = this.redis.multi();
    for (const sid of sids) multi.set(`${this.prefix}:${sid}`, '1', 'PX', this.ttlMs);
    await multi.exec();
  }
  /**
   * Fails open: while Redis is unreachable a logged-out session's access token is accepted until it
   * expires (at most ACCESS_TOKEN_TTL_S), as it would be without this list, instead of every
   * signed-in request failing. The refresh token, checked in the database, stays dead.
   */
  async isRevoked(sid: string): Promise<boolean> {
    if (!(await redisReady(this.redis))) return false;
    return (await this.redis.exists(`${this.prefix}:${sid}`).catch(() => 0)) === 1;
  }
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

class MemoryRevocations implements SessionRevocations {
  private readonly until = new Map<string, number>();
  constructor(private readonly ttlMs: number) {}
  async revoke(sids: string[]): Promise<void> {
    const now = Date.now();
    for (const [sid, t] of this.until) if (t <= now) this.until.delete(sid);
    for (const sid of sids) this.until.set(sid, now + this.ttlMs);
  }
  async isRevoked(sid: string): Promise<boolean> {
    return (this.until.get(sid) ?? 0) > Date.now();
  }
  async close(): Promise<void> {}
}

// In embedded mode auth and the gateway share one process, and so one list.
const processWide = new Map<string, MemoryRevocations>();

export function createSessionRevocations(cfg: AppConfig): SessionRevocations {
  const ttlMs = cfg.security.accessTokenTtlS * 1000;
  if (cfg.security.counterStore === 'redis') return new RedisRevocations(cfg.redisUrl, `${cfg.namespace}:revoked-session`, ttlMs);
  const key = `${cfg.namespace}:${ttlMs}`;
  if (!processWide.has(key)) processWide.set(key, new MemoryRevocations(ttlMs));
  return processWide.get(key)!;
}
