import type { Document, Filter as MongoFilter, Sort, UpdateFilter } from 'mongodb';
import { StoreUsageError } from '../store.errors';
import { normalizeFilter, normalizeSort, validateChange, type Predicate } from '../store.query';
import { fieldType } from '../store.schema';
import type { Change, CollectionDef, Doc, FieldType, Filter, FindOptions } from '../store.types';

/** Contract field paths → stored paths: `id` lives in `_id`. */
const storedPath = (path: string): string => (path === 'id' ? '_id' : path);

const VALID: Record<FieldType, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  int: (v) => Number.isSafeInteger(v),
  bool: (v) => typeof v === 'boolean',
  timestamp: (v) => typeof v === 'number' && Number.isFinite(v),
  json: () => true,
};

function checkValue(def: CollectionDef, field: string, value: unknown): void {
  const type = fieldType(def, field);
  if (!VALID[type](value)) throw new StoreUsageError(`${def.name}.${field} must be a ${type}`);
}

/** Timestamps are stored as BSON dates so a TTL index can expire them; everything else as is. */
function storedValue(def: CollectionDef, path: string, value: unknown): unknown {
  return typeof value === 'number' && def.fields[path] === 'timestamp' ? new Date(value) : value;
}

export function toStored(def: CollectionDef, doc: Doc): Document {
  if (typeof doc.id !== 'string' || doc.id === '') throw new StoreUsageError(`${def.name} documents need a string id`);
  const stored: Document = { _id: doc.id };
  for (const [field, value] of Object.entries(doc)) {
    // version is the store's to manage; null and undefined mean absent.
    if (field === 'id' || field === 'version' || value === null || value === undefined) continue;
    checkValue(def, field, value);
    stored[field] = storedValue(def, field, value);
  }
  if (def.versioned) stored.version = 1;
  return stored;
}

export function fromStored<T extends Doc>(def: CollectionDef, stored: Document): T {
  const doc: Doc = { id: String(stored._id) };
  for (const [field, value] of Object.entries(stored)) {
    if (value === null || value === undefined) continue;
    if (def.fields[field]) doc[field] = value instanceof Date ? value.getTime() : value;
    else if (field === 'version' && def.versioned) doc.version = value;
  }
  return doc as T;
}

function condition(def: CollectionDef, { path, op, value }: Predicate): Document {
  const field = storedPath(path);
  const v = (x: unknown): unknown => storedValue(def, path, x);
  switch (op) {
    // Null means absent; MongoDB's `null` matches missing and null alike, and nulls are never stored.
    case '$exists':
      return { [field]: value ? { $ne: null } : { $eq: null } };
    case '$in':
      // Like SQL IN, a null in the list matches nothing (MongoDB alone would match absent fields).
      return { [field]: { $in: (value as unknown[]).filter((x) => x !== null).map(v) } };
    default:
      return { [field]: { [op]: v(value) } };
  }
}

/** Clause every read and conditional write carries: an expired document no longer exists. */
export function notExpired(def: CollectionDef, now = Date.now()): Document | null {
  return def.expiresAt ? { [def.expiresAt]: { $not: { $lte: new Date(now) } } } : null;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function searchClause(def: CollectionDef, search: FindOptions['search']): Document | null {
  if (!search) return null;
  if (search.fields.length === 0) throw new StoreUsageError(`Search on ${def.name} needs at least one field`);
  for (const field of search.fields) {
    if (fieldType(def, field) !== 'string') throw new StoreUsageError(`Search on ${def.name}.${field}: not a string field`);
  }
  const regex = { $regex: escapeRegex(search.text), $options: 'i' };
  return { $or: search.fields.map((field) => ({ [storedPath(field)]: regex })) };
}

export interface QueryParts {
  filter?: Filter;
  search?: FindOptions['search'];
  /** Extra raw clauses (e.g. `_id`, version) the adapter adds itself. */
  extra?: Document[];
}

/** One AND of independent clauses, so two conditions on the same field never overwrite each other. */
export function toFilter(def: CollectionDef, { filter, search, extra = [] }: QueryParts): MongoFilter<Document> {
  const clauses = [...extra, ...normalizeFilter(def, filter).map((p) => condition(def, p))];
  const searching = searchClause(def, search);
  const alive = notExpired(def);
  if (searching) clauses.push(searching);
  if (alive) clauses.push(alive);
  if (clauses.length === 0) return {};
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

export function toSort(def: CollectionDef, sort?: string[]): Sort {
  return Object.fromEntries(normalizeSort(def, sort).map(({ field, desc }) => [storedPath(field), desc ? -1 : 1]));
}

/** Translates a contract change; `$set` of null is `$unset`, and a versioned document's version moves on. */
export function toUpdate(def: CollectionDef, change: Change): UpdateFilter<Document> {
  validateChange(def, change);
  const $set: Document = {};
  const $unset: Document = {};
  const $inc: Document = {};
  const seen = new Set<string>();
  const touch = (field: string): void => {
    if (seen.has(field)) throw new StoreUsageError(`${def.name}.${field} is changed twice in one change`);
    seen.add(field);
  };
  for (const [field, value] of Object.entries(change.$set ?? {})) {
    touch(field);
    if (value === null || value === undefined) $unset[field] = '';
    else {
      checkValue(def, field, value);
      $set[field] = storedValue(def, field, value);
    }
  }
  for (const field of change.$unset ?? []) {
    touch(field);
    $unset[field] = '';
  }
  for (const [field, by] of Object.entries(change.$inc ?? {})) {
    touch(field);
    $inc[field] = by;
  }
  if (def.versioned) $inc.version = 1;
  const update: UpdateFilter<Document> = {};
  if (Object.keys($set).length) update.$set = $set;
  if (Object.keys($unset).length) update.$unset = $unset;
  if (Object.keys($inc).length) update.$inc = $inc;
  return update;
}
