import { createHash } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CollectionDef } from '../store.types';
import { TTL_ATTR, type Item } from './dynamodb.codec';
import { Expr } from './dynamodb.expr';
import type { DynamoContext } from './dynamodb.tables';

/**
 * DynamoDB enforces uniqueness only on a table's key, so each unique field set of a document is
 * claimed by a guard item in the store's `__unique` table (key `k`), written in the same
 * transaction as the document. A guard records its owner document id, so rewriting one's own
 * guard is idempotent and nobody can delete someone else's.
 */

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Guard {
  key: string;
  collection: string;
  fields: string[];
}

/** Typed values (JSON keeps 1 and "1" apart); long values are hashed to stay under DynamoDB's key size. */
export function guardKey(collection: string, fields: string[], values: unknown[]): string {
  const encoded = JSON.stringify(values);
  const body = encoded.length > 900 ? `sha256:${createHash('sha256').update(encoded).digest('hex')}` : encoded;
  return `${collection}|${fields.join(',')}|${body}`;
}

/** A set with any value absent claims nothing, as NULLs in a SQL unique index. */
export function guardsOf(def: CollectionDef, item: Item): Guard[] {
  const out: Guard[] = [];
  for (const fields of def.unique ?? []) {
    const values = fields.map((f) => item[f]);
    if (values.some((v) => v === null || v === undefined)) continue;
    out.push({ key: guardKey(def.name, fields, values), collection: def.name, fields });
  }
  return out;
}

export function touchesGuards(def: CollectionDef, fields: string[]): boolean {
  const unique = def.unique ?? [];
  if (unique.length === 0) return false;
  // Guards carry the document's TTL, so a new expiry rewrites them too.
  return fields.some((f) => f === def.expiresAt || unique.some((set) => set.includes(f)));
}

/**
 * `others` are owners whose guard this unit deletes (a unit may free a value and claim it again);
 * the put may overwrite their guard.
 */
export function putGuard(ctx: DynamoContext, guard: Guard, owner: Item, others: string[] = []): TxItem {
  const e = new Expr();
  const k = e.name('k');
  const id = e.name('id');
  const owners = [owner.id, ...others].map((o) => `${id} = ${e.value(o)}`).join(' OR ');
  const item: Item = { k: guard.key, c: guard.collection, f: guard.fields.join(','), id: owner.id };
  if (typeof owner[TTL_ATTR] === 'number') item[TTL_ATTR] = owner[TTL_ATTR];
  return {
    Put: {
      TableName: ctx.uniqueTable,
      Item: item,
      ConditionExpression: `attribute_not_exists(${k}) OR ${owners}`,
      ...e.params(),
    },
  };
}

export function deleteGuard(ctx: DynamoContext, guard: Guard, ownerId: string): TxItem {
  const e = new Expr();
  const condition = `attribute_not_exists(${e.name('k')}) OR ${e.name('id')} = ${e.value(ownerId)}`;
  return { Delete: { TableName: ctx.uniqueTable, Key: { k: guard.key }, ConditionExpression: condition, ...e.params() } };
}

/** Which guards an update must write and which it must free. */
export function guardMoves(def: CollectionDef, before: Item, after: Item): { put: Guard[]; free: Guard[] } {
  const old = new Map(guardsOf(def, before).map((g) => [g.key, g]));
  const next = guardsOf(def, after);
  const ttlChanged = before[TTL_ATTR] !== after[TTL_ATTR];
  return {
    put: next.filter((g) => ttlChanged || !old.has(g.key)),
    free: [...old.values()].filter((g) => !next.some((n) => n.key === g.key)),
  };
}
