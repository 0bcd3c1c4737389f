import { BatchGetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUsageError } from '../store.errors';
import { fieldType } from '../store.schema';
import { compareDocs, getPath, normalizeFilter, normalizeSort, type Predicate } from '../store.query';
import { checkScanLimit, decodeCursor, encodeCursor } from '../store.cursor';
import type { CollectionDef, Doc, FindOptions, ScanOptions, ScanPage } from '../store.types';
import { isExpired, toDoc, type Item } from './dynamodb.codec';
import { and, Expr, notExpired, predicatesExpr } from './dynamodb.expr';
import { gsiKey, gsiName, indexAttr } from './dynamodb.index';
import { sleep, type DynamoContext } from './dynamodb.tables';

/**
 * Reads. DynamoDB cannot sort or skip on arbitrary fields, so find() reads every matching page
 * (a GSI Query when an indexed field is filtered by equality, else a Scan) and applies search,
 * sort, offset and limit in memory. That is fine for the per-service collections this app keeps
 * (stock rows, holds, carts, an order history per customer); a collection meant to be browsed in
 * the millions needs a purpose-built GSI and its own read path.
 */

/** Every live item matching the predicates (or their count), page by page. */
export async function readAll(
  ctx: DynamoContext,
  def: CollectionDef,
  predicates: Predicate[],
  countOnly = false,
): Promise<{ items: Item[]; count: number }> {
  const e = new Expr();
  const FilterExpression = and(predicatesExpr(e, predicates), notExpired(e, def, Date.now()));
  const gsi = gsiKey(def, predicates);
  const KeyConditionExpression = gsi ? `${e.name(indexAttr(gsi.field))} = ${e.value(gsi.value)}` : undefined;
  const items: Item[] = [];
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const common = {
      TableName: ctx.table(def.name),
      FilterExpression,
      ExclusiveStartKey,
      Select: countOnly ? ('COUNT' as const) : undefined,
      ...e.params(),
    };
    // GSIs cannot be read consistently; the base table can, so a Scan sees the caller's own writes.
    const page = gsi
      ? await ctx.doc.send(new QueryCommand({ ...common, IndexName: gsiName(gsi.field), KeyConditionExpression }))
      : await ctx.doc.send(new ScanCommand({ ...common, ConsistentRead: true }));
    count += page.Count ?? 0;
    if (!countOnly) items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { items, count };
}

function searchPredicate(def: CollectionDef, search: FindOptions['search']): ((doc: Item) => boolean) | null {
  if (!search) return null;
  for (const field of search.fields) {
    if (fieldType(def, field) !== 'string')
      throw new StoreUsageError(`search needs string fields; ${def.name}.${field} is not one`);
  }
  // DynamoDB's contains() is case-sensitive, so the case-insensitive match happens here.
  const needle = search.text.toLowerCase();
  return (doc) =>
    search.fields.some((field) => {
      const value = getPath(doc, field);
      return typeof value === 'string' && value.toLowerCase().includes(needle);
    });
}

export async function find<T extends Doc>(ctx: DynamoContext, def: CollectionDef, options: FindOptions = {}): Promise<T[]> {
  const predicates = normalizeFilter(def, options.filter);
  const keys = normalizeSort(def, options.sort);
  const search = searchPredicate(def, options.search);
  const { items } = await readAll(ctx, def, predicates);
  const rows = (search ? items.filter(search) : items).map((item) => toDoc<T>(item));
  rows.sort(compareDocs(keys));
  const offset = options.offset ?? 0;
  return rows.slice(offset, options.limit === undefined ? undefined : offset + options.limit);
}

/**
 * One page in the table's key (hash) order: Scans from the cursor's key until `limit` live documents
 * or the end of the table, so a full read costs one pass over the table, not one per page.
 */
export async function scanPage<T extends Doc>(ctx: DynamoContext, def: CollectionDef, options: ScanOptions): Promise<ScanPage<T>> {
  checkScanLimit(def, options.limit);
  let start: Record<string, unknown> | undefined = options.cursor === undefined ? undefined : { id: decodeCursor(def, options.cursor) };
  const docs: T[] = [];
  do {
    const e = new Expr();
    const FilterExpression = notExpired(e, def, Date.now());
    // Limit bounds the items evaluated (expired ones included), so a page never overshoots.
    const page = await ctx.doc.send(
      new ScanCommand({
        TableName: ctx.table(def.name),
        FilterExpression,
        ExclusiveStartKey: start,
        Limit: options.limit - docs.length,
        ConsistentRead: true,
        ...e.params(),
      }),
    );
    docs.push(...(page.Items ?? []).map((item) => toDoc<T>(item)));
    start = page.LastEvaluatedKey;
  } while (start && docs.length < options.limit);
  return { docs, cursor: start ? encodeCursor(String(start.id)) : null };
}

export async function count(
  ctx: DynamoContext,
  def: CollectionDef,
  options: Pick<FindOptions, 'filter' | 'search'> = {},
): Promise<number> {
  const predicates = normalizeFilter(def, options.filter);
  const search = searchPredicate(def, options.search);
  if (!search) return (await readAll(ctx, def, predicates, true)).count;
  return (await readAll(ctx, def, predicates)).items.filter(search).length;
}

/** In the order of `ids`, skipping absent and expired ones. */
export async function getMany<T extends Doc>(ctx: DynamoContext, def: CollectionDef, ids: string[]): Promise<T[]> {
  const table = ctx.table(def.name);
  const unique = [...new Set(ids)];
  const found = new Map<string, Item>();
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] = unique.slice(i, i + 100).map((id) => ({ id }));
    for (let attempt = 0; keys.length; attempt++) {
      if (attempt) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const out = await ctx.doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of out.Responses?.[table] ?? []) found.set(String(item.id), item);
      keys = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  const now = Date.now();
  return unique.flatMap((id) => {
    const item = found.get(id);
    return item && !isExpired(def, item, now) ? [toDoc<T>(item)] : [];
  });
}
