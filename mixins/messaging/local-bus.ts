import {
  checkEventName,
  DEFAULT_RETRY,
  deadLetterOf,
  type DeadLetter,
  type EventBus,
  type EventHandler,
  type RetryPolicy,
  type Subscription,
} from './event-bus';
import type { EventEnvelope } from './messaging.types';

/** Per event name, how many envelopes the bus keeps for groups that subscribe late. */
const RETAIN = 10_000;
const DEDUPE_IDS = 10_000;

interface Log {
  base: number;
  items: EventEnvelope[];
}
interface Cursor {
  next: number;
  /** Replayed dead letters, delivered before the log continues. */
  replays: EventEnvelope[];
  handler?: EventHandler;
  retry: RetryPolicy;
  running?: Promise<void>;
  stopped: boolean;
  /** Set while waiting for a publish. */
  wake?: () => void;
  /** Set while backing off; stop() cuts the wait short. */
  interrupt?: () => void;
}

/** A backoff that stop() cuts short. */
const pause = (c: Cursor, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      c.interrupt = undefined;
      resolve();
    }
    c.interrupt = done;
  });

/**
 * The embedded mode's bus: in-process, with the JetStream bus's semantics. Each group keeps a
 * durable cursor per event (a group that resubscribes continues where it stopped; one that
 * subscribes late gets what was retained), failed deliveries are retried with backoff, and after
 * the last attempt the envelope becomes a dead letter. Delivery is one at a time per group and
 * event, so the order is the publish order.
 */
export class LocalBus implements EventBus {
  private logs = new Map<string, Log>();
  private cursors = new Map<string, Cursor>();
  private recent = new Set<string>();
  private dead: DeadLetter[] = [];
  private seq = 0;

  constructor(private warn: (message: string) => void = () => undefined) {}

  async publish(envelope: EventEnvelope): Promise<void> {
    checkEventName(envelope.event);
    // Like JetStream's duplicate window: a relay re-sending a row it could not mark sent adds nothing.
    if (this.recent.has(envelope.id)) return;
    this.recent.add(envelope.id);
    if (this.recent.size > DEDUPE_IDS) this.recent.delete(this.recent.values().next().value!);
    const log = this.log(envelope.event);
    log.items.push(structuredClone(envelope));
    if (log.items.length > RETAIN) {
      log.items.shift();
      log.base++;
    }
    for (const [key, cursor] of this.cursors) if (key.endsWith(`\0${envelope.event}`)) cursor.wake?.();
  }

  async subscribe(
    group: string,
    event: string,
    handler: EventHandler,
    retry: RetryPolicy = DEFAULT_RETRY,
  ): Promise<Subscription> {
    checkEventName(event);
    const key = `${group}\0${event}`;
    let cursor = this.cursors.get(key);
    if (cursor?.handler) throw new Error(`${group} already consumes ${event} on this node`);
    cursor ??= { next: this.log(event).base, replays: [], retry, stopped: false };
    Object.assign(cursor, { handler, retry, stopped: false });
    this.cursors.set(key, cursor);
    const c = cursor;
    c.running = this.run(group, event, c);
    return {
      stop: async () => {
        c.stopped = true;
        c.wake?.();
        c.interrupt?.();
        await c.running;
        c.handler = undefined;
      },
    };
  }

  private async run(group: string, event: string, c: Cursor): Promise<void> {
    const log = this.log(event);
    while (!c.stopped) {
      if (c.next < log.base) {
        this.warn(`Local bus: ${group} missed ${log.base - c.next} ${event} events beyond the retention`);
        c.next = log.base;
      }
      const replay = c.replays.length > 0;
      const envelope = replay ? c.replays[0] : log.items[c.next - log.base];
      if (!envelope) {
        await new Promise<void>((r) => (c.wake = r));
        c.wake = undefined;
        continue;
      }
      const done = await this.deliver(group, envelope, c);
      if (!done) return;
      if (replay) c.replays.shift();
      else c.next++;
    }
  }

  /** Returns false when stopped before the envelope was settled (it is delivered again on resubscribe). */
  private async deliver(group: string, envelope: EventEnvelope, c: Cursor): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (c.stopped) return false;
      try {
        await c.handler!(structuredClone(envelope));
        return true;
      } catch (err) {
        if (attempt >= c.retry.maxAttempts) {
          this.dead.push({ ...deadLetterOf(group, envelope, err, attempt), id: String(++this.seq) });
          this.warn(`Local bus: ${group} gave up on ${envelope.event} ${envelope.id} after ${attempt} attempts`);
          return true;
        }
        await pause(c, c.retry.backoffMs(attempt));
      }
    }
  }

  async deadLetters(group: string, limit = 100): Promise<DeadLetter[]> {
    return this.dead.filter((d) => d.group === group).slice(0, limit);
  }

  async deadLetter(group: string, id: string): Promise<DeadLetter | null> {
    return this.dead.find((d) => d.group === group && d.id === id) ?? null;
  }

  async replay(group: string, id: string): Promise<boolean> {
    const index = this.dead.findIndex((d) => d.group === group && d.id === id);
    if (index < 0) return false;
    const [letter] = this.dead.splice(index, 1);
    const key = `${group}\0${letter.event}`;
    const cursor = this.cursors.get(key) ?? {
      next: this.log(letter.event).base,
      replays: [],
      retry: DEFAULT_RETRY,
      stopped: true,
    };
    this.cursors.set(key, cursor);
    cursor.replays.push(letter.envelope);
    cursor.wake?.();
    return true;
  }

  async close(): Promise<void> {
    for (const c of this.cursors.values()) {
      c.stopped = true;
      c.wake?.();
      c.interrupt?.();
    }
    await Promise.all([...this.cursors.values()].map((c) => c.running));
  }

  private log(event: string): Log {
    let log = this.logs.get(event);
    if (!log) this.logs.set(event, (log = { base: 0, items: [] }));
    return log;
  }
}
