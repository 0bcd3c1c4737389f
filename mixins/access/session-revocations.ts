import path from 'node:path';
import Redis from 'ioredis';
import type { AppConfig } from '../../config/config';
import { redisOptions, redisTarget, type RedisTarget } from '../counters/redis-options';
import { redisReady } from '../counters/redis-ready';
import { CLOCK_SKEW_S } from './access-token';
import { standingOf, type TokenStanding } from './access.domain';
import { MemoryRevocations } from './session-revocations.memory';

/**
 * What ended before access tokens expire, so it takes effect at once on every gateway node:
 * - sessions (refresh-token families) that were logged out, reused or disabled;
 * - per account, the auth epoch: auth raises it on a role, status or password-reset change, and a
 *   token carrying an older one is stale (its roles or status are no longer true).
 * An entry lives as long as an access token can, then lapses: every token it could refuse has expired.
 */
export interface SessionRevocations {
  revoke(sids: string[]): Promise<void>;
  /** Publishes the account's epoch; never lowers one already published. */
  raiseEpoch(accountId: string, epoch: number): Promise<void>;
  standing(token: { id: string; sid?: string; epoch?: number }): Promise<TokenStanding>;
  close(): Promise<void>;
}

// Never lowers: two raises landing out of order still leave the higher epoch.
const RAISE = `local cur = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) >= cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

class RedisRevocations implements SessionRevocations {
  private readonly redis: Redis;
  constructor(
    target: RedisTarget,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    this.redis = new Redis({
      ...redisOptions(target),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1_000,
      commandTimeout: 500,
    });
    this.redis.on('error', () => undefined);
  }
  private async writable(): Promise<void> {
    if (!(await redisReady(this.redis))) throw new Error('Redis is unreachable');
  }
  async revoke(sids: string[]): Promise<void> {
    if (sids.length === 0) return;
    await this.writable();
    const multi = this.redis.multi();
    for (const sid of sids) multi.set(`${this.prefix}:${sid}`, '1', 'PX', this.ttlMs);
    await multi.exec();
  }
  async raiseEpoch(accountId: string, epoch: number): Promise<void> {
    await this.writable();
    await this.redis.eval(RAISE, 1, `${this.prefix}:epoch:${accountId}`, epoch, this.ttlMs);
  }
  /**
   * One round trip (MGET) for both lists. Fails open: while Redis is unreachable an ended session's
   * or stale access token is accepted until it expires (at most ACCESS_TOKEN_TTL_S), as it would be
   * without these lists, instead of every signed-in request failing. Refresh tokens, checked in the
   * database, stay dead and get the current roles.
   */
  async standing(token: { id: string; sid?: string; epoch?: number }): Promise<TokenStanding> {
    if (!(await redisReady(this.redis))) return 'current';
    const keys = [`${this.prefix}:epoch:${token.id}`, ...(token.sid ? [`${this.prefix}:${token.sid}`] : [])];
    const [epoch, ended] = await this.redis.mget(...keys).catch(() => [null, null]);
    return standingOf(ended != null, epoch == null ? null : Number(epoch), token.epoch);
  }
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

// In embedded mode auth and the gateway share one process, and so one list.
const processWide = new Map<string, MemoryRevocations>();

export function createSessionRevocations(cfg: AppConfig): SessionRevocations {
  // A token's life plus the clock skew verification allows (CLOCK_SKEW_S), so no entry lapses before its last token.
  const ttlMs = (cfg.security.accessTokenTtlS + CLOCK_SKEW_S) * 1000;
  if (cfg.security.counterStore === 'redis')
    return new RedisRevocations(redisTarget(cfg), `${cfg.namespace}:revoked-session`, ttlMs);
  // Kept under DATA_DIR, so a restart does not bring logged-out or stale tokens back to life.
  const file = path.join(cfg.dataDir, `ended-sessions.${cfg.namespace}.json`);
  if (!processWide.has(file)) processWide.set(file, new MemoryRevocations(ttlMs, file));
  return processWide.get(file)!;
}
