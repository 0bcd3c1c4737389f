import type { Db } from 'mongodb';
import { StoreUsageError } from '../store.errors';
import { sortedMigrations } from '../store.schema';
import type { MigrationStep, StoreSchema } from '../store.types';
import { isCode } from './mongo.errors';
import { indexesOf, indexName, plainIndex, uniqueIndex } from './mongo.indexes';

/** Collection recording applied migrations; contract collection names start with a letter, so it cannot clash. */
const LEDGER = '_migrations';

const NAMESPACE_EXISTS = 48;
const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
const INDEX_NOT_FOUND = 27;

export interface MigrationLogger {
  info(msg: string): void;
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await db
    .collection<{ _id: string }>(LEDGER)
    .find({}, { sort: { _id: 1 } })
    .toArray();
  return rows.map((row) => row._id);
}

/**
 * Every step is idempotent (existing collections and identical indexes are accepted) and the ledger
 * entry is keyed by name, so two processes starting together both end up migrated without error.
 */
export async function migrateUp(db: Db, schema: StoreSchema, logger?: MigrationLogger): Promise<void> {
  const done = new Set(await appliedMigrations(db));
  for (const migration of sortedMigrations(schema)) {
    if (done.has(migration.name)) continue;
    for (const step of migration.steps) await applyStep(db, step);
    try {
      await db.collection<{ _id: string; appliedAt: Date }>(LEDGER).insertOne({ _id: migration.name, appliedAt: new Date() });
      logger?.info(`mongo: applied migration ${migration.name} to ${db.databaseName}`);
    } catch (error) {
      if (!isCode(error, DUPLICATE_KEY)) throw error;
    }
  }
}

async function applyStep(db: Db, step: MigrationStep): Promise<void> {
  if ('createCollection' in step) {
    const def = step.createCollection;
    try {
      await db.createCollection(def.name);
    } catch (error) {
      if (!isCode(error, NAMESPACE_EXISTS)) throw error;
    }
    const indexes = indexesOf(def);
    if (indexes.length > 0) await db.collection(def.name).createIndexes(indexes);
  } else if ('addIndex' in step) {
    const { collection, fields, unique } = step.addIndex;
    await db.collection(collection).createIndexes([unique ? uniqueIndex(fields) : plainIndex(fields)]);
  }
  // addField needs nothing: documents are schemaless and absent fields read back absent.
}

/** Reverts the newest `steps` applied migrations, newest first, deriving each down step from its up steps. */
export async function migrateDown(db: Db, schema: StoreSchema, steps: number): Promise<string[]> {
  if (!Number.isSafeInteger(steps) || steps < 0) throw new StoreUsageError(`migrateDown needs a non-negative step count`);
  const newest = (await appliedMigrations(db)).reverse().slice(0, steps);
  for (const name of newest) {
    const migration = schema.migrations.find((m) => m.name === name);
    if (!migration) throw new StoreUsageError(`Cannot revert ${name}: it is not in the schema`);
    for (const step of [...migration.steps].reverse()) await revertStep(db, step);
    await db.collection<{ _id: string }>(LEDGER).deleteOne({ _id: name });
  }
  return newest;
}

async function revertStep(db: Db, step: MigrationStep): Promise<void> {
  if ('createCollection' in step) {
    await db.collection(step.createCollection.name).drop();
  } else if ('addField' in step) {
    const { collection, field } = step.addField;
    await db.collection(collection).updateMany({ [field]: { $exists: true } }, { $unset: { [field]: '' } });
  } else {
    const { collection, fields, unique } = step.addIndex;
    try {
      await db.collection(collection).dropIndex(indexName(unique ? 'unique' : 'index', fields));
    } catch (error) {
      if (!isCode(error, INDEX_NOT_FOUND) && !isCode(error, NAMESPACE_NOT_FOUND)) throw error;
    }
  }
}
