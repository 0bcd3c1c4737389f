import { UniqueConflictError } from '../store/store.errors';
import type { CollectionDef, MigrationStep, Store, WriteOp } from '../store/store.types';

/**
 * Participants remember the calls they have processed: a saga step's call carries the key
 * `sagaId:stepId` (ctx.meta.idempotencyKey), and a repeated call returns the first result instead
 * of acting again. The record is written in the same atomic unit as the call's own writes, so a
 * call either happened (and is remembered) or did not.
 */
export const PROCESSED_CALLS: CollectionDef = {
  name: 'processed_calls',
  fields: { action: 'string', result: 'json', at: 'timestamp' },
};

export const createProcessedCalls: MigrationStep = { createCollection: PROCESSED_CALLS };

type ProcessedCall = { id: string; action: string; result?: unknown; at: number };

export interface OnceResult<T> {
  result: T;
  /** True when this call did the work; false when it returned a remembered result. */
  fresh: boolean;
}

/**
 * Runs `work` once per key. `work` plans its writes and result; they are applied together with the
 * processed-call record. A concurrent duplicate loses on the record's unique id and gets the
 * winner's result. Without a key (a call no saga repeats) the work simply runs.
 */
export async function runOnce<T>(
  store: Store,
  key: string | undefined,
  action: string,
  work: () => Promise<{ ops: WriteOp[]; result: T }>,
): Promise<OnceResult<T>> {
  const processed = store.collection<ProcessedCall>(PROCESSED_CALLS.name);
  if (key) {
    const seen = await processed.get(key);
    if (seen) return { result: seen.result as T, fresh: false };
  }
  const { ops, result } = await work();
  if (!key) {
    if (ops.length) await store.atomic(ops);
    return { result, fresh: true };
  }
  try {
    await store.atomic([
      { op: 'insert', collection: PROCESSED_CALLS.name, doc: { id: key, action, result: result as never, at: Date.now() } },
      ...ops,
    ]);
    return { result, fresh: true };
  } catch (err) {
    if (!(err instanceof UniqueConflictError) || (err.data as { opIndex?: number }).opIndex !== 0) throw err;
    const winner = await processed.get(key);
    return { result: winner?.result as T, fresh: false };
  }
}
