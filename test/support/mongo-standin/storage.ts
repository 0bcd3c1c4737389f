import { CommandError, notFound } from './errors';
import { ID_INDEX, keyOf, uniqueConflict, type IndexSpec } from './indexes';
import type { Doc } from './values';

/** Undo steps recorded while a transaction writes; replayed newest first to roll it back. */
export type Journal = Array<() => void>;

export class CollectionData {
  readonly docs = new Map<string, Doc>();
  indexes: IndexSpec[] = [{ ...ID_INDEX }];

  constructor(
    readonly db: string,
    readonly name: string,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** In insertion order, like a natural-order collection scan. */
  all(): Doc[] {
    return [...this.docs.values()];
  }
}

/**
 * All databases in memory. Every mutation is synchronous, so one command runs as one atomic step,
 * and each records its inverse in `journal` while a transaction is writing.
 */
export class Storage {
  private readonly dbs = new Map<string, Map<string, CollectionData>>();
  journal: Journal | null = null;

  databaseNames(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): CollectionData[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  collection(db: string, name: string): CollectionData | undefined {
    return this.dbs.get(db)?.get(name);
  }

  mustGet(db: string, name: string): CollectionData {
    const coll = this.collection(db, name);
    if (!coll) throw notFound(`${db}.${name}`);
    return coll;
  }

  /** Writes create their collection implicitly, as mongod does. */
  ensure(db: string, name: string): CollectionData {
    return this.collection(db, name) ?? this.create(db, name);
  }

  create(db: string, name: string): CollectionData {
    if (this.collection(db, name)) throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${name} already exists.`);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new CollectionData(db, name);
    colls.set(name, coll);
    this.record(() => this.dbs.get(db)?.delete(name));
    return coll;
  }

  drop(db: string, name: string): boolean {
    const coll = this.collection(db, name);
    if (!coll) return false;
    this.dbs.get(db)?.delete(name);
    this.record(() => this.dbs.get(db)?.set(name, coll));
    return true;
  }

  dropDatabase(db: string): void {
    for (const coll of this.collections(db)) this.drop(db, coll.name);
    this.dbs.delete(db);
  }

  insert(coll: CollectionData, doc: Doc): void {
    const conflict = uniqueConflict(coll, doc, null);
    if (conflict) throw conflict;
    const key = keyOf(doc._id);
    coll.docs.set(key, doc);
    this.record(() => coll.docs.delete(key));
  }

  /** Swaps in a new version of a stored document; `_id` cannot change. */
  replace(coll: CollectionData, before: Doc, after: Doc): void {
    const key = keyOf(before._id);
    if (keyOf(after._id) !== key) {
      throw new CommandError(
        66,
        'ImmutableField',
        "Performing an update on the path '_id' would modify the immutable field '_id'",
      );
    }
    const conflict = uniqueConflict(coll, after, key);
    if (conflict) throw conflict;
    coll.docs.set(key, after);
    this.record(() => coll.docs.set(key, before));
  }

  remove(coll: CollectionData, doc: Doc): void {
    const key = keyOf(doc._id);
    if (!coll.docs.delete(key)) return;
    this.record(() => coll.docs.set(key, doc));
  }

  setIndexes(coll: CollectionData, indexes: IndexSpec[]): void {
    const before = coll.indexes;
    coll.indexes = indexes;
    this.record(() => (coll.indexes = before));
  }

  /** mongod's TTL monitor: removes documents whose indexed date plus expireAfterSeconds has passed. */
  sweepExpired(now: number): number {
    let removed = 0;
    for (const colls of this.dbs.values()) {
      for (const coll of colls.values()) {
        for (const index of coll.indexes) {
          const fields = Object.keys(index.key);
          if (index.expireAfterSeconds === undefined || fields.length !== 1) continue;
          for (const doc of coll.all()) {
            const value = doc[fields[0]];
            if (value instanceof Date && value.getTime() + index.expireAfterSeconds * 1000 <= now) {
              this.remove(coll, doc);
              removed++;
            }
          }
        }
      }
    }
    return removed;
  }

  private record(undo: () => void): void {
    this.journal?.push(undo);
  }
}

/** Stored documents are never mutated in place (undo entries keep the old objects), so updates work on a copy. */
export function deepClone<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => deepClone(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepClone(v)])) as T;
  }
  return value;
}
