import { randomUUID } from 'node:crypto';
import type { CollectionDef, Doc, MigrationStep, WriteOp } from '../store/store.types';
import type { EventEnvelope } from './messaging.types';
import { doubling } from '../backoff';

export type OutboxRow = Doc & {
  event: string;
  payload: EventEnvelope;
  /** `lease` marks the relay lease's row (outbox.lease.ts), never an event. */
  status: 'pending' | 'sending' | 'sent' | 'lease';
  attempts: number;
  /** Pending: not before this time (backoff). Sending: the claim lapses at this time. */
  availableAt: number;
  createdAt: number;
  publishedAt?: number;
};

export const OUTBOX: CollectionDef = {
  name: 'outbox',
  fields: {
    event: 'string',
    payload: 'json',
    status: 'string',
    attempts: 'int',
    availableAt: 'timestamp',
    createdAt: 'timestamp',
    publishedAt: 'timestamp',
  },
  indexes: [['status']],
};

/** The migration step a service adds to its own store's schema to get an outbox there. */
export const createOutbox: MigrationStep = { createCollection: OUTBOX };

/**
 * The write that records an event in the same atomic unit as the state change it describes, so
 * the event exists exactly when the change does (never sent for a rolled-back change, never lost).
 */
export function outboxInsert<T>(
  source: string,
  event: string,
  data: T,
  now = Date.now(),
  version?: number,
): { op: WriteOp; envelope: EventEnvelope<T> } {
  const envelope: EventEnvelope<T> = {
    id: randomUUID(),
    event,
    occurredAt: now,
    source,
    data,
    ...(version ? { v: version } : {}),
  };
  const row: OutboxRow = {
    id: envelope.id,
    event,
    payload: envelope,
    status: 'pending',
    attempts: 0,
    availableAt: now,
    createdAt: now,
  };
  return { op: { op: 'insert', collection: OUTBOX.name, doc: row }, envelope };
}

/** Backoff after a failed publish: 1 s doubling to 5 min. */
export const retryDelayMs = doubling(1_000, 300_000);
