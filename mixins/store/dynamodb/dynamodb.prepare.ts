import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUsageError } from '../store.errors';
import { matches, normalizeFilter, validateChange, type Predicate } from '../store.query';
import type { Change, CollectionDef, Filter, WriteOp } from '../store.types';
import { applyChange, checkChangeValues, isExpired, revAttr, toNewItem, type Item } from './dynamodb.codec';
import { and, Expr, live, predicatesExpr, updateExpr } from './dynamodb.expr';
import { deleteGuard, guardMoves, guardsOf, putGuard, touchesGuards, type Guard, type TxItem } from './dynamodb.guards';
import type { DynamoContext } from './dynamodb.tables';

/** Turns one write into transaction items, reading the document first only when guards must move. */

export type Failure =
  | { kind: 'condition' | 'stale'; opIndex: number; collection: string; id: string }
  | { kind: 'version'; opIndex: number; collection: string; id: string; expected: number }
  | { kind: 'unique'; opIndex: number; collection: string; fields: string[] };

export class OpFailure extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.kind} failure on op ${failure.opIndex}`);
  }
}

export interface Entry {
  item: TxItem;
  opIndex: number;
  guard?: Guard;
  /** Guard entries: the document that owns (put) or frees (delete) the guard. */
  owner?: Item;
  freeing?: boolean;
}

export interface Prepared {
  opIndex: number;
  op: WriteOp;
  def: CollectionDef;
  /** The document's own item first, then its guards. */
  entries: Entry[];
  /** The doc condition pins the revision read, so its failure means "changed since read": retry. */
  pinned: boolean;
  /** The document after (insert, update) or before (remove) the write, when known without the engine. */
  result: Item | null;
}

export function defOf(ctx: DynamoContext, name: string): CollectionDef {
  const def = ctx.defs.get(name);
  if (!def) throw new StoreUsageError(`Unknown collection ${name}`);
  return def;
}

export async function readItem(ctx: DynamoContext, def: CollectionDef, id: string): Promise<Item | null> {
  const out = await ctx.doc.send(new GetCommand({ TableName: ctx.table(def.name), Key: { id }, ConsistentRead: true }));
  return out.Item ?? null;
}

export function checkUpdate(def: CollectionDef, change: Change, where?: Filter, expectVersion?: number): Predicate[] {
  validateChange(def, change);
  checkChangeValues(def, change);
  if (expectVersion !== undefined && !def.versioned)
    throw new StoreUsageError(`expectVersion needs a versioned collection (${def.name})`);
  return normalizeFilter(def, where);
}

/** Condition shared by the single-item and transactional paths of update/remove. */
export function docCondition(
  e: Expr,
  def: CollectionDef,
  now: number,
  where: Predicate[],
  expectVersion?: number,
  pinnedRev?: unknown,
): string {
  // Placeholders are made only when used: DynamoDB rejects unused ones.
  const rev = () => e.name(revAttr(def));
  const version = expectVersion === undefined ? undefined : `${rev()} = ${e.value(expectVersion)}`;
  const pinned =
    pinnedRev === undefined
      ? undefined
      : typeof pinnedRev === 'number'
        ? `${rev()} = ${e.value(pinnedRev)}`
        : `attribute_not_exists(${rev()})`;
  return and(live(e, def, now), predicatesExpr(e, where), version, pinned) as string;
}

export async function prepareOp(ctx: DynamoContext, op: WriteOp, opIndex: number, now: number): Promise<Prepared> {
  const def = defOf(ctx, op.collection);
  const TableName = ctx.table(def.name);
  const base = { opIndex, op, def };
  if (op.op === 'insert') {
    const item = toNewItem(def, op.doc);
    const doc: TxItem = {
      Put: { TableName, Item: item, ConditionExpression: 'attribute_not_exists(#id)', ExpressionAttributeNames: { '#id': 'id' } },
    };
    const guards = guardsOf(def, item).map((guard) => ({ item: putGuard(ctx, guard, item), opIndex, guard, owner: item }));
    return { ...base, entries: [{ item: doc, opIndex }, ...guards], pinned: false, result: item };
  }
  const where = op.op === 'update' ? checkUpdate(def, op.change, op.where, op.expectVersion) : normalizeFilter(def, op.where);
  const expectVersion = op.op === 'update' ? op.expectVersion : undefined;
  const changed =
    op.op === 'update'
      ? [...Object.keys(op.change.$set ?? {}), ...Object.keys(op.change.$inc ?? {}), ...(op.change.$unset ?? [])]
      : [];
  const needsRead = op.op === 'remove' ? (def.unique ?? []).length > 0 : touchesGuards(def, changed);
  const e = new Expr();
  const Key = { id: op.id };
  if (!needsRead) {
    const ConditionExpression = docCondition(e, def, now, where, expectVersion);
    const item: TxItem =
      op.op === 'update'
        ? {
            Update: {
              TableName,
              Key,
              UpdateExpression: updateExpr(e, def, op.change),
              ConditionExpression,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              ...e.params(),
            },
          }
        : { Delete: { TableName, Key, ConditionExpression, ReturnValuesOnConditionCheckFailure: 'ALL_OLD', ...e.params() } };
    return { ...base, entries: [{ item, opIndex }], pinned: false, result: null };
  }

  const before = await readItem(ctx, def, op.id);
  const fail = (kind: 'condition' | 'version') =>
    new OpFailure(
      kind === 'version'
        ? { kind, opIndex, collection: def.name, id: op.id, expected: expectVersion ?? 0 }
        : { kind, opIndex, collection: def.name, id: op.id },
    );
  if (!before || isExpired(def, before, now)) throw fail('condition');
  if (expectVersion !== undefined && before.version !== expectVersion) throw fail('version');
  if (!matches(before, where)) throw fail('condition');
  const ConditionExpression = docCondition(e, def, now, [], undefined, before[revAttr(def)]);
  if (op.op === 'remove') {
    const item: TxItem = { Delete: { TableName, Key, ConditionExpression, ...e.params() } };
    const guards = guardsOf(def, before).map((guard) => ({
      item: deleteGuard(ctx, guard, op.id),
      opIndex,
      guard,
      owner: before,
      freeing: true,
    }));
    return { ...base, entries: [{ item, opIndex }, ...guards], pinned: true, result: before };
  }
  const after = applyChange(def, before, op.change);
  const item: TxItem = {
    Update: { TableName, Key, UpdateExpression: updateExpr(e, def, op.change), ConditionExpression, ...e.params() },
  };
  const moves = guardMoves(def, before, after);
  const entries: Entry[] = [
    { item, opIndex },
    ...moves.free.map((guard) => ({ item: deleteGuard(ctx, guard, op.id), opIndex, guard, owner: before, freeing: true })),
    ...moves.put.map((guard) => ({ item: putGuard(ctx, guard, after), opIndex, guard, owner: after })),
  ];
  return { ...base, entries, pinned: true, result: after };
}
