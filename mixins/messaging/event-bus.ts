import type { EventEnvelope } from './messaging.types';
import { doubling } from '../backoff';

/** Handles one delivery; throwing asks for a redelivery later (and, after the last attempt, a dead letter). */
export type EventHandler = (envelope: EventEnvelope) => Promise<void>;

export interface RetryPolicy {
  /** Deliveries before the message moves to the dead letters. */
  maxAttempts: number;
  /** Wait before delivery `attempt + 1` after delivery `attempt` failed. */
  backoffMs(attempt: number): number;
}

/** Redelivery after `retryBaseMs`, doubling per failed attempt up to `retryMaxMs`. */
export function retryPolicy(o: { maxAttempts: number; retryBaseMs: number; retryMaxMs: number }): RetryPolicy {
  return {
    maxAttempts: o.maxAttempts,
    backoffMs: doubling(o.retryBaseMs, o.retryMaxMs),
  };
}

export const DEFAULT_RETRY: RetryPolicy = retryPolicy({ maxAttempts: 5, retryBaseMs: 500, retryMaxMs: 30_000 });

/** A message a consumer group gave up on, with why. `id` is the bus's own (a stream sequence). */
export interface DeadLetter {
  id: string;
  group: string;
  event: string;
  envelope: EventEnvelope;
  error: string;
  attempts: number;
  failedAt: number;
}

/**
 * How many deliveries a subscription may handle at once, and what must stay in order: deliveries
 * with the same key are handled one after the other (an order's status changes), different keys
 * side by side. Without a key every delivery shares one lane. A bus may always do less (the
 * in-process bus handles one at a time).
 */
export interface Lanes {
  concurrency: number;
  keyOf?(envelope: EventEnvelope): string | undefined;
}

export interface Subscription {
  /** Stops taking deliveries; waits for the one in hand. Unacknowledged messages stay with the durable consumer. */
  stop(): Promise<void>;
}

/**
 * Durable delivery of business events between services. Publishing resolves only once the bus has
 * the event (the outbox marks a row sent after that); each consumer group gets every event at least
 * once, in publish order per event name, and dedupes by envelope id in its inbox.
 */
export interface EventBus {
  publish(envelope: EventEnvelope): Promise<void>;
  subscribe(group: string, event: string, handler: EventHandler, retry?: RetryPolicy, lanes?: Lanes): Promise<Subscription>;
  deadLetters(group: string, limit?: number): Promise<DeadLetter[]>;
  deadLetter(group: string, id: string): Promise<DeadLetter | null>;
  /** Delivers a dead letter to its group again (only that group) and removes it from the dead letters. */
  replay(group: string, id: string): Promise<boolean>;
  close(): Promise<void>;
}

const EVENT_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

/** Event names become subject tokens: `<domain>.<event>`, no wildcards or spaces. */
export function checkEventName(event: string): string {
  if (!EVENT_NAME.test(event)) throw new Error(`Event name ${JSON.stringify(event)} is not <domain>.<name> of [A-Za-z0-9_-]`);
  return event;
}

/** Names safe for subjects, stream and consumer names. */
export const token = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** The letter a group files when it gives up on an envelope after `attempts` deliveries (the bus adds the id). */
export function deadLetterOf(group: string, envelope: EventEnvelope, err: unknown, attempts: number): Omit<DeadLetter, 'id'> {
  return { group, event: envelope.event, envelope, error: errorText(err), attempts, failedAt: Date.now() };
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2_000);
