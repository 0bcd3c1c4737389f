import { DeleteCommand, PutCommand, ScanCommand, UpdateCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { StoreUsageError } from '../store.errors';
import type { CollectionDef } from '../store.types';
import type { Item } from './dynamodb.codec';
import { guardKey, putGuard, type Guard } from './dynamodb.guards';
import { indexAttr, indexValue } from './dynamodb.index';
import { mapLimit } from './dynamodb.purge';
import { errName, type DynamoContext } from './dynamodb.tables';

/** Whole-table passes that migrations need: claiming guards for a new unique set, dropping data. */

async function scanAll(ctx: DynamoContext, input: ScanCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.doc.send(new ScanCommand({ ...input, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * Claims a guard for every existing document. Re-running is harmless (a document may rewrite its
 * own guard); a duplicate undoes the claims made here and fails the migration.
 */
export async function backfillGuards(ctx: DynamoContext, def: CollectionDef, fields: string[]): Promise<void> {
  const items = await scanAll(ctx, { TableName: ctx.table(def.name) });
  const claimed: Guard[] = [];
  let duplicate: unknown[] | null = null;
  for (const item of items) {
    const values = fields.map((f) => item[f]);
    if (values.some((v) => v === null || v === undefined)) continue;
    const guard: Guard = { key: guardKey(def.name, fields, values), collection: def.name, fields };
    const put = putGuard(ctx, guard, item).Put;
    if (!put) continue;
    try {
      await ctx.doc.send(new PutCommand(put));
      claimed.push(guard);
    } catch (err) {
      if (errName(err) !== 'ConditionalCheckFailedException') throw err;
      duplicate = values;
      break;
    }
  }
  if (!duplicate) return;
  await mapLimit(claimed, (g) => ctx.doc.send(new DeleteCommand({ TableName: ctx.uniqueTable, Key: { k: g.key } })));
  throw new StoreUsageError(
    `Cannot make ${def.name}(${fields.join(', ')}) unique: ${JSON.stringify(duplicate)} occurs more than once`,
  );
}

/** Frees the guards of a collection (all, or one unique set's). */
export async function dropGuards(ctx: DynamoContext, collection: string, fields?: string[]): Promise<void> {
  const names: Record<string, string> = { '#c': 'c' };
  const values: Record<string, unknown> = { ':c': collection };
  let FilterExpression = '#c = :c';
  if (fields) {
    names['#f'] = 'f';
    values[':f'] = fields.join(',');
    FilterExpression += ' AND #f = :f';
  }
  const guards = await scanAll(ctx, {
    TableName: ctx.uniqueTable,
    FilterExpression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
  await mapLimit(guards, (g) => ctx.doc.send(new DeleteCommand({ TableName: ctx.uniqueTable, Key: { k: g.k } })));
}

/** Writes the GSI shadow attribute of a new index on every existing document. */
export async function backfillIndex(ctx: DynamoContext, def: CollectionDef, field: string): Promise<void> {
  const TableName = ctx.table(def.name);
  const items = await scanAll(ctx, {
    TableName,
    FilterExpression: 'attribute_exists(#f)',
    ExpressionAttributeNames: { '#f': field },
  });
  await mapLimit(items, async (item) => {
    const value = indexValue(def, field, item[field]);
    if (value === undefined) return;
    await updateUnlessRaced(ctx, {
      TableName,
      Key: { id: item.id },
      UpdateExpression: 'SET #s = :s',
      // A writer that changed the field meanwhile wrote the shadow itself.
      ConditionExpression: '#f = :f',
      ExpressionAttributeNames: { '#s': indexAttr(field), '#f': field },
      ExpressionAttributeValues: { ':s': value, ':f': item[field] },
    });
  });
}

/** The down step of addField (and of a GSI's shadow): the attribute disappears from every document. */
export async function dropField(ctx: DynamoContext, collection: string, field: string): Promise<void> {
  const TableName = ctx.table(collection);
  const items = await scanAll(ctx, {
    TableName,
    FilterExpression: 'attribute_exists(#f)',
    ProjectionExpression: '#id',
    ExpressionAttributeNames: { '#f': field, '#id': 'id' },
  });
  await mapLimit(items, async (item) => {
    await updateUnlessRaced(ctx, {
      TableName,
      Key: { id: item.id },
      UpdateExpression: 'REMOVE #f',
      // Never resurrect a document deleted meanwhile.
      ConditionExpression: 'attribute_exists(#id)',
      ExpressionAttributeNames: { '#f': field, '#id': 'id' },
    });
  });
}

/** A backfill write whose condition failed lost a race to a live writer, which already did the work. */
async function updateUnlessRaced(ctx: DynamoContext, input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<void> {
  try {
    await ctx.doc.send(new UpdateCommand(input));
  } catch (err) {
    if (errName(err) !== 'ConditionalCheckFailedException') throw err;
  }
}
