import type { ClientSession, Collection as DriverCollection, Document } from 'mongodb';
import { StoreUsageError, VersionConflictError } from '../store.errors';
import type { Change, CollectionDef, Doc, Filter, UpdateOptions } from '../store.types';
import { mapWriteError } from './mongo.errors';
import { fromStored, toFilter, toStored, toUpdate } from './mongo.mapping';

/** Single-document writes shared by collections and atomic units; inside a unit they carry its session and op index. */
export interface OpTarget {
  def: CollectionDef;
  coll: DriverCollection<Document>;
  session?: ClientSession;
  opIndex?: number;
}

export async function insertDoc<T extends Doc>({ def, coll, session, opIndex }: OpTarget, doc: T): Promise<T> {
  const stored = toStored(def, doc);
  try {
    await coll.insertOne(stored, { session });
  } catch (error) {
    throw mapWriteError(def, error, opIndex);
  }
  return fromStored<T>(def, stored);
}

/** Checks everything that can be checked before touching the database, so usage errors never start a write. */
export function prepareUpdate(def: CollectionDef, change: Change, options: UpdateOptions = {}): Document {
  if (options.expectVersion !== undefined && !def.versioned) {
    throw new StoreUsageError(`${def.name} is not versioned; expectVersion makes no sense there`);
  }
  toFilter(def, { filter: options.where });
  return toUpdate(def, change);
}

/**
 * One findOneAndUpdate carries the id, the expiry, `where` and the expected version, so the check
 * and the change are a single atomic step on the server. Null when nothing matched.
 */
export async function updateDoc<T extends Doc>(
  target: OpTarget,
  id: string,
  change: Change,
  options: UpdateOptions = {},
): Promise<T | null> {
  const { def, coll, session, opIndex } = target;
  const update = prepareUpdate(def, change, options);
  const extra: Document[] = [{ _id: id }];
  if (options.expectVersion !== undefined) extra.push({ version: options.expectVersion });
  let after: Document | null;
  try {
    after = await coll.findOneAndUpdate(toFilter(def, { filter: options.where, extra }), update, {
      session,
      returnDocument: 'after',
    });
  } catch (error) {
    throw mapWriteError(def, error, opIndex);
  }
  if (after) return fromStored<T>(def, after);
  if (options.expectVersion === undefined) return null;
  // Nothing matched: a document that exists and meets `where` must have had another version.
  const current = await coll.findOne(toFilter(def, { filter: options.where, extra: [{ _id: id }] }), {
    session,
    projection: { _id: 1 },
  });
  if (current) throw new VersionConflictError(def.name, id, options.expectVersion, opIndex);
  return null;
}

export async function removeDoc<T extends Doc>({ def, coll, session }: OpTarget, id: string, where?: Filter): Promise<T | null> {
  const removed = await coll.findOneAndDelete(toFilter(def, { filter: where, extra: [{ _id: id }] }), { session });
  return removed ? fromStored<T>(def, removed) : null;
}
