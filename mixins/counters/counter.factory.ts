import type { AppConfig } from '../../config/config';
import { redisTarget } from './redis-options';
import { RedisWindowCounter } from './redis-window-counter';
import { MemoryWindowCounter, type WindowCounter } from './window-counter';

/** Counters for `purpose` (e.g. `ratelimit`, `login`) on the store config picks; keys never collide across namespaces. */
export function createWindowCounter(cfg: AppConfig, purpose: string): WindowCounter {
  if (cfg.security.counterStore === 'redis') return new RedisWindowCounter(redisTarget(cfg), `${cfg.namespace}:${purpose}`);
  return new MemoryWindowCounter();
}
