import type { ClientSession, Db, MongoClient } from 'mongodb';
import { ConditionFailedError, StoreUsageError } from '../store.errors';
import type { CollectionDef, WriteOp } from '../store.types';
import { toFilter, toStored } from './mongo.mapping';
import { insertDoc, prepareUpdate, removeDoc, updateDoc, type OpTarget } from './mongo.ops';

function defOf(defs: Map<string, CollectionDef>, op: WriteOp): CollectionDef {
  const def = defs.get(op.collection);
  if (!def) throw new StoreUsageError(`Unknown collection ${op.collection}`);
  return def;
}

/** Usage errors surface before the transaction starts, never as a half-run unit. */
function validate(defs: Map<string, CollectionDef>, ops: WriteOp[]): void {
  for (const op of ops) {
    const def = defOf(defs, op);
    if (op.op === 'insert') toStored(def, op.doc);
    else if (op.op === 'update') prepareUpdate(def, op.change, op);
    else toFilter(def, { filter: op.where });
  }
}

async function runOp(target: OpTarget, op: WriteOp, opIndex: number): Promise<void> {
  if (op.op === 'insert') {
    await insertDoc(target, op.doc);
    return;
  }
  const done =
    op.op === 'update'
      ? await updateDoc(target, op.id, op.change, { where: op.where, expectVersion: op.expectVersion })
      : await removeDoc(target, op.id, op.where);
  if (!done) throw new ConditionFailedError(op.collection, op.id, opIndex);
}

/** Runs `work` in one multi-document transaction; withTransaction retries it whole on TransientTransactionError. */
export async function inTransaction(client: MongoClient, work: (session: ClientSession) => Promise<void>): Promise<void> {
  const session = client.startSession();
  try {
    await session.withTransaction(() => work(session));
  } finally {
    await session.endSession();
  }
}

/** All ops in one transaction; the typed errors thrown here abort it and reach the caller. */
export async function runAtomic(client: MongoClient, db: Db, defs: Map<string, CollectionDef>, ops: WriteOp[]): Promise<void> {
  validate(defs, ops);
  if (ops.length === 0) return;
  await inTransaction(client, async (session) => {
    for (const [opIndex, op] of ops.entries()) {
      await runOp({ def: defOf(defs, op), coll: db.collection(op.collection), session, opIndex }, op, opIndex);
    }
  });
}
