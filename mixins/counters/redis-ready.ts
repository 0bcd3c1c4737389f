import type Redis from 'ioredis';

const firstConnection = new WeakMap<Redis, Promise<boolean>>();

/**
 * Whether `redis` can take a command now. Only a client's first connection is waited for (up to
 * `ms`, shared by every caller: the first commands of a process come while it still connects);
 * after that a client that is not ready answers false at once, so an outage costs nothing per
 * request. Clients here are made with `enableOfflineQueue: false`, so commands never queue behind
 * a dead connection.
 */
export async function redisReady(redis: Redis, ms = 1_000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  const pending = firstConnection.get(redis);
  // Read again after the wait: the status may have changed meanwhile.
  if (pending) return (await pending) && (redis.status as string) === 'ready';
  const wait = new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    redis.once('ready', onReady);
  });
  // Later calls find the settled promise and do not wait again.
  firstConnection.set(redis, wait);
  return wait;
}
