import type { DataSource, QueryRunner } from 'typeorm';
import { ConditionFailedError, StoreUsageError, VersionConflictError } from '../store.errors';
import type { CollectionDef, WriteOp } from '../store.types';
import type { Sql } from './postgres.codec';
import { run } from './postgres.connection';
import { currentVersion, storeError } from './postgres.collection';
import { insertSql, removeOneSql, updateOneSql } from './postgres.statements';

interface Step {
  op: WriteOp;
  def: CollectionDef;
  sql: Sql;
}

/** Every statement is built (and every op validated) before the transaction opens. */
function plan(op: WriteOp, def: CollectionDef): Step {
  switch (op.op) {
    case 'insert':
      return { op, def, sql: insertSql(def, [op.doc]) };
    case 'update':
      return { op, def, sql: updateOneSql(def, op, op.change) };
    case 'remove':
      return { op, def, sql: removeOneSql(def, op) };
    default:
      throw new StoreUsageError(`Unknown atomic op ${JSON.stringify((op as { op?: unknown }).op)}`);
  }
}

async function apply(queryRunner: QueryRunner, { op, def, sql }: Step, index: number): Promise<void> {
  let changed: number;
  try {
    changed = (await run(queryRunner, sql)).rows.length;
  } catch (err) {
    throw storeError(def, err, index);
  }
  if (changed > 0 || op.op === 'insert') return;
  if (op.op === 'update' && op.expectVersion !== undefined) {
    const version = await currentVersion((s) => run(queryRunner, s), def, op.id);
    if (version !== null && version !== op.expectVersion)
      throw new VersionConflictError(def.name, op.id, op.expectVersion, index);
  }
  throw new ConditionFailedError(def.name, op.id, index);
}

/** One transaction on one connection; the first failing op rolls everything back and names its index. */
export async function runAtomic(dataSource: DataSource, ops: WriteOp[], defOf: (name: string) => CollectionDef): Promise<void> {
  const steps = ops.map((op) => plan(op, defOf(op.collection)));
  if (steps.length === 0) return;
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.startTransaction();
    try {
      for (const [index, step] of steps.entries()) await apply(queryRunner, step, index);
      await queryRunner.commitTransaction();
    } catch (err) {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  } finally {
    await queryRunner.release();
  }
}
