import { DeleteCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CollectionDef } from '../store.types';
import { revAttr, type Item } from './dynamodb.codec';
import { and, expired, Expr } from './dynamodb.expr';
import { deleteGuard, guardsOf } from './dynamodb.guards';
import { errName, type DynamoContext } from './dynamodb.tables';

/** Runs `fn` over `items` with bounded concurrency, keeping the order of results. */
export async function mapLimit<I, O>(items: I[], fn: (item: I) => Promise<O>, limit = 16): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * DynamoDB's own TTL deletes lazily (within days) and knows nothing of guard items, so expired
 * documents are deleted here too, each with its guards, under a condition that it is still expired.
 */
export async function purgeExpired(ctx: DynamoContext, def: CollectionDef): Promise<number> {
  if (!def.expiresAt) return 0;
  const now = Date.now();
  const scan = new Expr();
  const FilterExpression = expired(scan, def, now);
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.doc.send(
      new ScanCommand({
        TableName: ctx.table(def.name),
        FilterExpression,
        ExclusiveStartKey,
        ConsistentRead: true,
        ...scan.params(),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const done = await mapLimit(items, (item) => purgeOne(ctx, def, item, now));
  return done.filter(Boolean).length;
}

async function purgeOne(ctx: DynamoContext, def: CollectionDef, item: Item, now: number): Promise<boolean> {
  const e = new Expr();
  const guards = guardsOf(def, item);
  const rev = item[revAttr(def)];
  const pinned = guards.length
    ? typeof rev === 'number'
      ? `${e.name(revAttr(def))} = ${e.value(rev)}`
      : `attribute_not_exists(${e.name(revAttr(def))})`
    : undefined;
  const Delete = {
    TableName: ctx.table(def.name),
    Key: { id: item.id },
    ConditionExpression: and(expired(e, def, now), pinned),
    ...e.params(),
  };
  try {
    if (guards.length) {
      await ctx.doc.send(
        new TransactWriteCommand({ TransactItems: [{ Delete }, ...guards.map((g) => deleteGuard(ctx, g, String(item.id)))] }),
      );
    } else {
      await ctx.doc.send(new DeleteCommand(Delete));
    }
    return true;
  } catch (err) {
    // Changed (its expiry extended) or removed by someone else meanwhile: not ours to purge.
    if (errName(err) === 'ConditionalCheckFailedException' || errName(err) === 'TransactionCanceledException') return false;
    throw err;
  }
}
