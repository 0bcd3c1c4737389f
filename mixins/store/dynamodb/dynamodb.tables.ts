import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CollectionDef } from '../store.types';
import { TTL_ATTR } from './dynamodb.codec';
import { gsiFields, gsiName, indexAttr, type KeyType } from './dynamodb.index';

/** What every part of the engine shares once connected. */
export interface DynamoContext {
  raw: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  defs: Map<string, CollectionDef>;
  table(collection: string): string;
  uniqueTable: string;
  migrationsTable: string;
  logger?: { info(msg: string): void; warn(msg: string): void };
}

const WAIT_MS = 10 * 60_000;

export function errName(err: unknown): string {
  return err instanceof Error ? err.name : '';
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A plain write hitting an item inside a running transaction is refused; the SDK does not retry that. */
export async function retryConflicts<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (errName(err) !== 'TransactionConflictException' || attempt >= 10) throw err;
      await sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));
    }
  }
}

function gsiSpec(field: string): GlobalSecondaryIndex {
  return {
    IndexName: gsiName(field),
    KeySchema: [{ AttributeName: indexAttr(field), KeyType: 'HASH' }],
    Projection: { ProjectionType: 'ALL' },
  };
}

/** Idempotent: a table another process created (or is creating) counts as created. */
export async function createTable(
  ctx: DynamoContext,
  name: string,
  key: string,
  gsis = new Map<string, KeyType>(),
): Promise<void> {
  const attrs: AttributeDefinition[] = [{ AttributeName: key, AttributeType: 'S' }];
  for (const [field, type] of gsis) attrs.push({ AttributeName: indexAttr(field), AttributeType: type });
  try {
    await ctx.raw.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        AttributeDefinitions: attrs,
        GlobalSecondaryIndexes: gsis.size ? [...gsis.keys()].map(gsiSpec) : undefined,
      }),
    );
  } catch (err) {
    if (errName(err) !== 'ResourceInUseException') throw err;
  }
  await waitActive(ctx, name);
}

export async function createCollectionTable(ctx: DynamoContext, def: CollectionDef): Promise<void> {
  const name = ctx.table(def.name);
  await createTable(ctx, name, 'id', gsiFields(def));
  if (def.expiresAt) await enableTtl(ctx, name);
}

async function describe(ctx: DynamoContext, name: string): Promise<TableDescription | null> {
  try {
    return (await ctx.raw.send(new DescribeTableCommand({ TableName: name }))).Table ?? null;
  } catch (err) {
    if (errName(err) === 'ResourceNotFoundException') return null;
    throw err;
  }
}

async function waitFor(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 50; !(await done()); delay = Math.min(delay * 2, 2000)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(delay);
  }
}

export async function waitActive(ctx: DynamoContext, name: string): Promise<void> {
  await waitFor(`table ${name} to become ACTIVE`, async () => {
    const table = await describe(ctx, name);
    return table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
  });
}

export async function dropTable(ctx: DynamoContext, name: string): Promise<void> {
  try {
    await ctx.raw.send(new DeleteTableCommand({ TableName: name }));
  } catch (err) {
    if (errName(err) !== 'ResourceNotFoundException') throw err;
  }
  await waitFor(`table ${name} to be deleted`, async () => (await describe(ctx, name)) === null);
}

async function hasGsi(ctx: DynamoContext, table: string, index: string): Promise<boolean> {
  return !!(await describe(ctx, table))?.GlobalSecondaryIndexes?.some((g) => g.IndexName === index);
}

export async function addGsi(ctx: DynamoContext, table: string, field: string, type: KeyType): Promise<void> {
  await waitActive(ctx, table);
  if (!(await hasGsi(ctx, table, gsiName(field)))) {
    try {
      await ctx.raw.send(
        new UpdateTableCommand({
          TableName: table,
          AttributeDefinitions: [{ AttributeName: indexAttr(field), AttributeType: type }],
          GlobalSecondaryIndexUpdates: [{ Create: gsiSpec(field) }],
        }),
      );
    } catch (err) {
      // Another process may have added it between our check and our call.
      if (!(await hasGsi(ctx, table, gsiName(field)))) throw err;
    }
  }
  await waitActive(ctx, table);
}

export async function dropGsi(ctx: DynamoContext, table: string, field: string): Promise<void> {
  await waitActive(ctx, table);
  if (await hasGsi(ctx, table, gsiName(field))) {
    try {
      await ctx.raw.send(
        new UpdateTableCommand({ TableName: table, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: gsiName(field) } }] }),
      );
    } catch (err) {
      if (await hasGsi(ctx, table, gsiName(field))) throw err;
    }
  }
  await waitFor(`index ${gsiName(field)} on ${table} to be deleted`, async () => !(await hasGsi(ctx, table, gsiName(field))));
}

export async function enableTtl(ctx: DynamoContext, table: string): Promise<void> {
  const current = await ctx.raw.send(new DescribeTimeToLiveCommand({ TableName: table }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  try {
    await ctx.raw.send(
      new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: TTL_ATTR, Enabled: true } }),
    );
  } catch (err) {
    // "TimeToLive is already enabled": another process won the race.
    if (errName(err) !== 'ValidationException' || !/already enabled/i.test(String(err))) throw err;
  }
}
