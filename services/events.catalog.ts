import Validator from 'fastest-validator';
import type { EventEnvelope } from '../mixins/messaging/messaging.types';
import { outboxInsert } from '../mixins/messaging/outbox';
import type { WriteOp } from '../mixins/store/store.types';
import { REGISTRY, type EventPayloads } from './registry';
import type { EventSpec } from './registry.types';

/**
 * Every business event the platform publishes: its name, payload type, schema and version, as the
 * publishing service's manifest declares it. A payload's shape changes only with a new version;
 * consumers check `v`.
 */
export type { EventPayloads };
export type EventName = keyof EventPayloads;

export const EVENT_CATALOG = REGISTRY.eventCatalog as Record<EventName, EventSpec<unknown>>;

/** The outbox write for a catalogued event, typed by name and stamped with its version. */
export function recordEvent<K extends EventName>(
  source: string,
  event: K,
  data: EventPayloads[K],
  now = Date.now(),
): { op: WriteOp; envelope: EventEnvelope<EventPayloads[K]> } {
  return outboxInsert(source, event, data, now, EVENT_CATALOG[event].version);
}

const validator = new Validator();
const checks = new Map<string, (value: unknown) => true | { message?: string }[] | Promise<unknown>>();

/** What is wrong with an envelope by the catalog: unknown name, wrong version, payload off its schema. */
export function eventProblems(envelope: EventEnvelope): string[] {
  const entry = EVENT_CATALOG[envelope.event as EventName];
  if (!entry) return [`${envelope.event}: not in the event catalog`];
  const problems: string[] = [];
  if (envelope.v !== undefined && envelope.v !== entry.version)
    problems.push(`${envelope.event}: version ${envelope.v}, catalog has ${entry.version}`);
  let check = checks.get(envelope.event);
  if (!check) {
    check = validator.compile({ ...entry.schema, $$strict: true }) as never;
    checks.set(envelope.event, check!);
  }
  const result = check!(envelope.data);
  if (result !== true) for (const e of result as { message?: string }[]) problems.push(`${envelope.event}: ${e.message}`);
  return problems;
}
