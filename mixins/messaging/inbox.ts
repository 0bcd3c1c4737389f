import { UniqueConflictError } from '../store/store.errors';
import type { CollectionDef, MigrationStep, Store, WriteOp } from '../store/store.types';
import type { EventEnvelope } from './messaging.types';

export const INBOX: CollectionDef = { name: 'inbox', fields: { event: 'string', source: 'string', receivedAt: 'timestamp' } };

export const createInbox: MigrationStep = { createCollection: INBOX };

/**
 * Applies a consumer's writes for `envelope` together with its inbox record, in one atomic unit.
 * A redelivered event finds its record and changes nothing: returns false.
 */
export async function applyOnce(store: Store, envelope: EventEnvelope, ops: WriteOp[]): Promise<boolean> {
  const record: WriteOp = {
    op: 'insert',
    collection: INBOX.name,
    doc: { id: envelope.id, event: envelope.event, source: envelope.source, receivedAt: Date.now() },
  };
  try {
    await store.atomic([record, ...ops]);
    return true;
  } catch (err) {
    if (err instanceof UniqueConflictError && (err.data as { opIndex?: number }).opIndex === 0) return false;
    throw err;
  }
}
