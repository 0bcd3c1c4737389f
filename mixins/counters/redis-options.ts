import type { RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/config';
import { caText } from '../../config/tls';

/** Where Redis is: a redis:// or rediss:// (TLS) URL, and the PEM CA to trust for it (REDIS_CA_FILE). */
export interface RedisTarget {
  url: string;
  ca?: string;
}

/** The node's Redis, as config names it (the CA file read now, when a client is made). */
export const redisTarget = (cfg: AppConfig): RedisTarget => ({ url: cfg.redisUrl, ca: caText(cfg.tls.redisCaFile) });

/**
 * ioredis connection options for every Redis client here (cacher, counters, session revocations).
 * With rediss:// the server's certificate is verified against `ca` (or Node's trusted roots) and
 * the URL's host name; ioredis would otherwise take a CA only through its own options object.
 */
export function redisOptions(target: RedisTarget | string): RedisOptions {
  const { url, ca } = typeof target === 'string' ? { url: target, ca: undefined } : target;
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number(u.pathname.slice(1) || 0),
    tls: u.protocol === 'rediss:' ? (ca ? { ca } : {}) : undefined,
  };
}
