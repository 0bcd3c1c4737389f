import type { Lanes } from './event-bus';
import type { EventEnvelope } from './messaging.types';

/**
 * Runs tasks side by side up to a limit, except that tasks with the same key run one after the
 * other in the order they were admitted: a consumer handles events of different orders at once
 * while each order's events keep their order. `admit` resolves once the task is taken (waiting
 * while the limit is reached), so a delivery loop pulls no faster than handlers finish.
 */
export class KeyedLanes {
  private tails = new Map<string, Promise<void>>();
  private running = new Set<Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly onError: (err: unknown) => void,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`lane limit must be a positive integer, got ${limit}`);
  }

  async admit(key: string, task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    const before = this.tails.get(key) ?? Promise.resolve();
    const done: Promise<void> = before
      .then(task)
      .catch(this.onError)
      .finally(() => {
        this.running.delete(done);
        if (this.tails.get(key) === done) this.tails.delete(key);
      });
    this.tails.set(key, done);
    this.running.add(done);
  }

  /** Resolves once every admitted task has finished. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
  }

  get size(): number {
    return this.running.size;
  }
}

/** The delivery's lane: its key, or the shared lane when there is none or the key cannot be read. */
export function laneOf(lanes: Lanes, envelope: EventEnvelope): string {
  try {
    return lanes.keyOf?.(envelope) ?? '';
  } catch {
    return '';
  }
}
