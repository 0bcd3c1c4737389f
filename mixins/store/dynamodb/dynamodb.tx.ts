import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { ConditionFailedError, StoreUsageError, UniqueConflictError, VersionConflictError } from '../store.errors';
import type { WriteOp } from '../store.types';
import { isExpired, rawLive, rawNumber } from './dynamodb.codec';
import { putGuard } from './dynamodb.guards';
import { OpFailure, prepareOp, readItem, type Entry, type Failure, type Prepared } from './dynamodb.prepare';
import { errName, sleep, type DynamoContext } from './dynamodb.tables';

/** Runs writes as one TransactWriteItems, mapping cancellations back to typed, op-indexed errors. */

const MAX_ITEMS = 100;
const MAX_ATTEMPTS = 30;

export async function runTx(ctx: DynamoContext, ops: WriteOp[]): Promise<Prepared[]> {
  for (let attempt = 1; ; attempt++) {
    const now = Date.now();
    const prepared = await prepareAll(ctx, ops, now);
    const entries = merge(ctx, prepared);
    if (entries.length > MAX_ITEMS) {
      throw new StoreUsageError(
        `An atomic unit needs ${entries.length} writes (documents plus unique guards); DynamoDB allows ${MAX_ITEMS}`,
      );
    }
    let failure: Failure | 'retry';
    try {
      await ctx.doc.send(new TransactWriteCommand({ TransactItems: entries.map((e) => e.item) }));
      return prepared;
    } catch (err) {
      failure = await classify(ctx, err, entries, prepared, now);
    }
    // A race with another writer (or a pinned read gone stale) is retried from a fresh read.
    if (failure !== 'retry' && failure.kind !== 'stale') throw new OpFailure(failure);
    if (attempt >= MAX_ATTEMPTS) throw new Error(`Atomic write gave up after ${MAX_ATTEMPTS} attempts under contention`);
    await sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));
  }
}

/** Every op is prepared; the lowest failing op index wins, as if ops were checked in order. */
async function prepareAll(ctx: DynamoContext, ops: WriteOp[], now: number): Promise<Prepared[]> {
  const settled = await Promise.allSettled(ops.map((op, i) => prepareOp(ctx, op, i, now)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<Prepared>).value);
}

/** DynamoDB refuses two writes to one item in a transaction: collapse or reject them first. */
function merge(ctx: DynamoContext, prepared: Prepared[]): Entry[] {
  const docs = new Set<string>();
  const out: Entry[] = [];
  const guards = new Map<string, Entry>();
  for (const p of prepared) {
    const docKey = `${p.def.name}\u0000${p.op.op === 'insert' ? p.op.doc.id : p.op.id}`;
    if (docs.has(docKey)) throw new StoreUsageError(`An atomic unit touches ${p.def.name} ${docKey.split('\u0000')[1]} twice`);
    docs.add(docKey);
    out.push(p.entries[0]);
    for (const entry of p.entries.slice(1)) {
      const guard = entry.guard;
      if (!guard || !entry.owner) continue;
      const prior = guards.get(guard.key);
      if (!prior) {
        guards.set(guard.key, entry);
        continue;
      }
      if (!prior.freeing && !entry.freeing)
        throw new OpFailure({ kind: 'unique', opIndex: entry.opIndex, collection: guard.collection, fields: guard.fields });
      if (prior.freeing && entry.freeing) continue;
      // One op frees the value, another claims it: a single put that may replace the freed guard.
      const [claim, freed] = entry.freeing ? [prior, entry] : [entry, prior];
      const ownerId = String(freed.owner?.id);
      guards.set(guard.key, { ...claim, item: putGuard(ctx, guard, claim.owner ?? { id: ownerId }, [ownerId]) });
    }
  }
  return [...out, ...guards.values()];
}

async function classify(
  ctx: DynamoContext,
  err: unknown,
  entries: Entry[],
  prepared: Prepared[],
  now: number,
): Promise<Failure | 'retry'> {
  if (errName(err) !== 'TransactionCanceledException') throw err;
  const reasons: CancellationReason[] = (err as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  const index = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
  if (index < 0) {
    if (reasons.some((r) => r.Code === 'TransactionConflict')) return 'retry';
    throw err;
  }
  const entry = entries[index];
  const p = prepared[entry.opIndex];
  const collection = p.def.name;
  if (entry.guard) return { kind: 'unique', opIndex: entry.opIndex, collection, fields: entry.guard.fields };
  if (p.op.op === 'insert') return { kind: 'unique', opIndex: entry.opIndex, collection, fields: ['id'] };
  const id = p.op.id;
  if (p.pinned) return { kind: 'stale', opIndex: entry.opIndex, collection, id };
  const expected = p.op.op === 'update' ? p.op.expectVersion : undefined;
  if (expected === undefined) return { kind: 'condition', opIndex: entry.opIndex, collection, id };
  const old = reasons[index].Item;
  let isLive: boolean;
  let version: number | undefined;
  if (old) {
    isLive = rawLive(p.def, old, now);
    version = rawNumber(old, 'version');
  } else {
    // Only when the engine did not send the old item back.
    const item = await readItem(ctx, p.def, id);
    isLive = !!item && !isExpired(p.def, item, now);
    version = typeof item?.version === 'number' ? item.version : undefined;
  }
  return isLive && version !== expected
    ? { kind: 'version', opIndex: entry.opIndex, collection, id, expected }
    : { kind: 'condition', opIndex: entry.opIndex, collection, id };
}

/** The public error for a failure; single-document calls leave out the op index. */
export function toStoreError(failure: Failure, withOpIndex: boolean): Error {
  const opIndex = withOpIndex ? failure.opIndex : undefined;
  switch (failure.kind) {
    case 'unique':
      return new UniqueConflictError(failure.collection, failure.fields, opIndex);
    case 'version':
      return new VersionConflictError(failure.collection, failure.id, failure.expected, opIndex);
    default:
      return new ConditionFailedError(failure.collection, failure.id, failure.opIndex);
  }
}

export async function atomic(ctx: DynamoContext, ops: WriteOp[]): Promise<void> {
  if (ops.length === 0) return;
  try {
    await runTx(ctx, ops);
  } catch (err) {
    throw err instanceof OpFailure ? toStoreError(err.failure, true) : err;
  }
}
