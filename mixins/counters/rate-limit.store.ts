import { windowEnd, type WindowCounter } from './window-counter';

/**
 * moleculer-web's rate-limit store interface (`inc(key)` and `resetTime`) over a WindowCounter, so
 * the limit holds across every gateway node when the counter is Redis.
 */
export function rateLimitStoreFactory(counter: () => WindowCounter) {
  return class CounterRateLimitStore {
    constructor(private readonly windowMs: number) {}

    get resetTime(): number {
      return windowEnd(Date.now(), this.windowMs);
    }

    async inc(key: string): Promise<number> {
      return (await counter().hit(key, this.windowMs)).count;
    }
  };
}
