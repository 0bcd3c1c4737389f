import type { SealSpec } from '../pii/field-codec';

/**
 * The one contract every store engine implements (PostgreSQL server, PGlite, MongoDB, DynamoDB).
 * Services speak only this; which engine serves a store is configuration.
 *
 * Conventions shared by every engine:
 * - Documents are flat JSON objects keyed by a string `id`; `json` fields may nest.
 * - `int` values are safe integers (money is integer minor units); `timestamp` values are epoch milliseconds.
 * - A collection with `versioned: true` carries an integer `version`, set to 1 on insert and
 *   incremented by the store on every update; callers never write it.
 * - A collection with `expiresAt` never returns a document whose expiry (a timestamp field) has passed.
 *   Until purged (purgeExpired, or the engine's lazy TTL) it still holds its id and unique values,
 *   as a row under a SQL unique index would.
 * - A field that is null or absent reads back absent; `$set` of null equals `$unset`.
 * - Absent values never clash on a unique set (SQL NULL semantics, on every engine).
 * - `$in` never matches an absent field; equality on a json path compares scalars, not array members.
 * - `$inc` on an absent field counts from 0.
 * - Strings compare by code point (PostgreSQL COLLATE "C", DynamoDB's byte order).
 */

export type EngineName = 'postgres' | 'pglite' | 'mongo' | 'dynamodb';

export type FieldType = 'string' | 'int' | 'bool' | 'json' | 'timestamp';

export type Scalar = string | number | boolean | null;

export interface Doc {
  id: string;
  [field: string]: unknown;
}

export interface CollectionDef {
  /** Logical name, unique within its store: lowercase letters, digits and underscores. */
  name: string;
  /** Every field but `id` (always string) and `version` (managed). */
  fields: Record<string, FieldType>;
  /** Each entry is a set of fields whose values together must be unique. */
  unique?: string[][];
  /** Fields (or field sets) that equality filters use often. */
  indexes?: string[][];
  /** Name of a `timestamp` field: past it the document is treated as gone. */
  expiresAt?: string;
  versioned?: boolean;
}

/**
 * Filters are a small, portable subset of MongoDB's: top-level fields or dotted paths into `json`
 * fields, combined with AND. A bare value means equality.
 */
export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $gt?: number | string;
  $gte?: number | string;
  $lt?: number | string;
  $lte?: number | string;
  $in?: Scalar[];
  $exists?: boolean;
}
export type Filter = Record<string, Scalar | FieldCondition>;

/** A change to one document. `$inc` is applied atomically by the engine, never read-modify-write. */
export interface Change {
  $set?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $unset?: string[];
}

export interface FindOptions {
  filter?: Filter;
  /** Field names, `-` prefix for descending; `id` breaks ties so paging is stable. */
  sort?: string[];
  limit?: number;
  offset?: number;
  /** Case-insensitive substring match of `text` in any of `fields` (string fields). */
  search?: { text: string; fields: string[] };
}

/** A page of `scan`: `cursor` is opaque, passed back to read on; absent for the first page. */
export interface ScanOptions {
  cursor?: string;
  /** At most this many documents (a positive integer). */
  limit: number;
}
export interface ScanPage<T> {
  docs: T[];
  /** Null after the last page. */
  cursor: string | null;
}

export interface UpdateOptions {
  /** Apply only when the document also matches this filter. */
  where?: Filter;
  /** Optimistic concurrency: apply only if the stored version equals this. */
  expectVersion?: number;
}

export interface Collection<T extends Doc = Doc> {
  readonly def: CollectionDef;
  /** Throws UniqueConflictError when the id or a unique field set is taken. */
  insert(doc: T): Promise<T>;
  /** All or nothing (DynamoDB: per batch of up to 100 writes including unique guards). */
  insertMany(docs: T[]): Promise<T[]>;
  get(id: string): Promise<T | null>;
  getMany(ids: string[]): Promise<T[]>;
  find(options?: FindOptions): Promise<T[]>;
  count(options?: Pick<FindOptions, 'filter' | 'search'>): Promise<number>;
  /**
   * Every live document once, page by page, in the engine's native order, each page one bounded read
   * (SQL and MongoDB: keyset by id; DynamoDB: a Scan from the last evaluated key), never a re-read
   * of what came before. Documents inserted meanwhile may or may not appear; none appears twice.
   * A cursor that is not one of this method's throws BadCursorError.
   */
  scan(options: ScanOptions): Promise<ScanPage<T>>;
  /**
   * Applies `change` and returns the new document; null when the document is absent (or expired).
   * With `where`: null when the condition does not hold (nothing changed).
   * With `expectVersion`: throws VersionConflictError when the stored version differs.
   */
  update(id: string, change: Change, options?: UpdateOptions): Promise<T | null>;
  /** Same change on every matching document; returns how many changed. Not atomic across documents. */
  updateMany(filter: Filter, change: Change): Promise<number>;
  /** Returns the removed document, or null when absent or when `where` does not hold. */
  remove(id: string, options?: Pick<UpdateOptions, 'where'>): Promise<T | null>;
  removeMany(filter: Filter): Promise<number>;
  /** Physically deletes documents past their expiry; returns how many. */
  purgeExpired(): Promise<number>;
}

/** One write inside an atomic unit. Each document may appear at most once per unit. */
export type WriteOp =
  | { op: 'insert'; collection: string; doc: Doc }
  | { op: 'update'; collection: string; id: string; change: Change; where?: Filter; expectVersion?: number }
  | { op: 'remove'; collection: string; id: string; where?: Filter };

export interface Store {
  readonly engine: EngineName;
  /** The store's name in config, e.g. `inventory` or `order-history`. */
  readonly name: string;
  /** Connects and brings the schema up to the latest migration. Idempotent. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves when the engine answers a trivial request; rejects otherwise. */
  ping(): Promise<void>;
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  /**
   * All ops apply or none does. A failed `where`, a missing document for update/remove, a stale
   * version or a unique clash rejects with the matching typed error naming the op's index.
   */
  atomic(ops: WriteOp[]): Promise<void>;
  /** Reverts the newest `steps` migrations (down steps). */
  migrateDown(steps?: number): Promise<string[]>;
  /** Migration names applied so far, oldest first. */
  appliedMigrations(): Promise<string[]>;
}

/** Engine-neutral, versioned schema steps. Each engine translates them; downs are derived. */
export type MigrationStep =
  | { createCollection: CollectionDef }
  | { addField: { collection: string; field: string; type: FieldType } }
  | { addIndex: { collection: string; fields: string[]; unique?: boolean } };

export interface Migration {
  /** Sortable and unique within the store, e.g. `0001-create-stock`. */
  name: string;
  steps: MigrationStep[];
}

/** What a store needs to know about its schema: the ordered migrations. */
export interface StoreSchema {
  migrations: Migration[];
  /** Personal fields per collection, sealed at rest by mixins/pii (the store includes its `createPiiKeys` steps). */
  sealed?: SealSpec;
}
