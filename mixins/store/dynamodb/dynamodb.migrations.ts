import { DeleteCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { collectionsOf, sortedMigrations } from '../store.schema';
import type { Migration, MigrationStep, StoreSchema } from '../store.types';
import { backfillGuards, backfillIndex, dropField, dropGuards } from './dynamodb.backfill';
import { gsiFields, indexAttr } from './dynamodb.index';
import {
  addGsi,
  createCollectionTable,
  createTable,
  dropGsi,
  dropTable,
  enableTtl,
  errName,
  sleep,
  type DynamoContext,
} from './dynamodb.tables';

/**
 * Applied migration names live in the `__migrations` table, next to a lock item: a conditional
 * put with a lease, renewed while migrating, so two processes starting at once migrate one at a
 * time and a crashed one blocks the next only until its lease runs out.
 */

const LOCK = '~lock';
const LEASE_MS = 120_000;
const LOCK_WAIT_MS = 15 * 60_000;

export async function ensureMetaTables(ctx: DynamoContext): Promise<void> {
  await Promise.all([createTable(ctx, ctx.migrationsTable, 'id'), createTable(ctx, ctx.uniqueTable, 'k')]);
  // Guards of expiring documents carry their `_ttl`, so DynamoDB's TTL sweeps them with them.
  await enableTtl(ctx, ctx.uniqueTable);
}

export async function appliedMigrations(ctx: DynamoContext): Promise<string[]> {
  const names: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.doc.send(new ScanCommand({ TableName: ctx.migrationsTable, ConsistentRead: true, ExclusiveStartKey }));
    for (const item of page.Items ?? []) if (item.id !== LOCK) names.push(String(item.id));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return names.sort();
}

export async function migrateUp(ctx: DynamoContext, schema: StoreSchema): Promise<void> {
  const migrations = sortedMigrations(schema);
  await withLock(ctx, async () => {
    const applied = new Set(await appliedMigrations(ctx));
    for (const [i, migration] of migrations.entries()) {
      if (applied.has(migration.name)) continue;
      ctx.logger?.info(`Applying migration ${migration.name}`);
      for (const [j, step] of migration.steps.entries()) await applyStep(ctx, step, stateAt(migrations, i, j + 1));
      await ctx.doc.send(new PutCommand({ TableName: ctx.migrationsTable, Item: { id: migration.name, appliedAt: Date.now() } }));
    }
  });
}

export async function migrateDown(ctx: DynamoContext, schema: StoreSchema, steps = 1): Promise<string[]> {
  const migrations = sortedMigrations(schema);
  return withLock(ctx, async () => {
    const newest = (await appliedMigrations(ctx)).reverse().slice(0, steps);
    for (const name of newest) {
      const i = migrations.findIndex((m) => m.name === name);
      if (i < 0) throw new Error(`Applied migration ${name} is not in the schema, so it cannot be reverted`);
      ctx.logger?.info(`Reverting migration ${name}`);
      const migration = migrations[i];
      for (let j = migration.steps.length - 1; j >= 0; j--) await revertStep(ctx, migration.steps[j], stateAt(migrations, i, j));
      await ctx.doc.send(new DeleteCommand({ TableName: ctx.migrationsTable, Key: { id: name } }));
    }
    return newest;
  });
}

/** Collection defs after migration `i`'s first `steps` steps (and every migration before it). */
function stateAt(migrations: Migration[], i: number, steps: number) {
  return collectionsOf({
    migrations: [...migrations.slice(0, i), { name: migrations[i].name, steps: migrations[i].steps.slice(0, steps) }],
  });
}

type Defs = ReturnType<typeof collectionsOf>;

async function applyStep(ctx: DynamoContext, step: MigrationStep, after: Defs): Promise<void> {
  if ('createCollection' in step) return createCollectionTable(ctx, step.createCollection);
  if ('addField' in step) return; // schemaless: nothing to create
  const { collection, fields, unique } = step.addIndex;
  const def = after.get(collection);
  if (!def) return;
  if (unique) return backfillGuards(ctx, def, fields);
  const type = gsiFields({ ...def, indexes: [fields] }).get(fields[0]);
  if (!type) return;
  await backfillIndex(ctx, def, fields[0]);
  await addGsi(ctx, ctx.table(collection), fields[0], type);
}

/** `before` is the state the step is reverted to; what it still needs is kept. */
async function revertStep(ctx: DynamoContext, step: MigrationStep, before: Defs): Promise<void> {
  if ('createCollection' in step) {
    await dropTable(ctx, ctx.table(step.createCollection.name));
    return dropGuards(ctx, step.createCollection.name);
  }
  if ('addField' in step) return dropField(ctx, step.addField.collection, step.addField.field);
  const { collection, fields, unique } = step.addIndex;
  const def = before.get(collection);
  if (unique) {
    if (!def?.unique?.some((set) => set.join() === fields.join())) await dropGuards(ctx, collection, fields);
    return;
  }
  if (!def || gsiFields(def).has(fields[0])) return;
  await dropGsi(ctx, ctx.table(collection), fields[0]);
  await dropField(ctx, collection, indexAttr(fields[0]));
}

async function withLock<T>(ctx: DynamoContext, fn: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.migrationsTable,
          Item: { id: LOCK, owner, until: Date.now() + LEASE_MS },
          ConditionExpression: 'attribute_not_exists(#id) OR #until < :now',
          ExpressionAttributeNames: { '#id': 'id', '#until': 'until' },
          ExpressionAttributeValues: { ':now': Date.now() },
        }),
      );
      break;
    } catch (err) {
      if (errName(err) !== 'ConditionalCheckFailedException') throw err;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the migration lock in ${ctx.migrationsTable}`);
      await sleep(100 + Math.random() * 400);
    }
  }
  const renew = setInterval(() => {
    const extend = new UpdateCommand({
      TableName: ctx.migrationsTable,
      Key: { id: LOCK },
      UpdateExpression: 'SET #until = :until',
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
      ExpressionAttributeValues: { ':until': Date.now() + LEASE_MS, ':owner': owner },
    });
    ctx.doc.send(extend).catch((err: unknown) => ctx.logger?.warn(`Could not renew the migration lock: ${String(err)}`));
  }, LEASE_MS / 4);
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await ctx.doc
      .send(
        new DeleteCommand({
          TableName: ctx.migrationsTable,
          Key: { id: LOCK },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((err: unknown) => {
        if (errName(err) !== 'ConditionalCheckFailedException') throw err;
      });
  }
}
