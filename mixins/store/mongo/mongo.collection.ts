import type { Collection as DriverCollection, Document, MongoClient } from 'mongodb';
import { keysetScan } from '../store.cursor';
import { StoreUsageError } from '../store.errors';
import type { Change, Collection, CollectionDef, Doc, Filter, FindOptions, ScanOptions, ScanPage, UpdateOptions } from '../store.types';
import { inTransaction } from './mongo.atomic';
import { mapWriteError } from './mongo.errors';
import { fromStored, toFilter, toSort, toStored, toUpdate } from './mongo.mapping';
import { insertDoc, removeDoc, updateDoc, type OpTarget } from './mongo.ops';

function checkPaging(def: CollectionDef, value: number | undefined, what: string): number {
  if (value === undefined) return 0;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new StoreUsageError(`${what} on ${def.name} must be a non-negative integer`);
  return value;
}

/** One contract collection over one MongoDB collection; `_id` holds the id. */
export class MongoCollection<T extends Doc = Doc> implements Collection<T> {
  constructor(
    readonly def: CollectionDef,
    private readonly driver: () => DriverCollection<Document>,
    private readonly client: () => MongoClient,
  ) {}

  private target(): OpTarget {
    return { def: this.def, coll: this.driver() };
  }

  async insert(doc: T): Promise<T> {
    return insertDoc(this.target(), doc);
  }

  /** All or nothing, like the other engines: a batch with a unique clash leaves no document behind. */
  async insertMany(docs: T[]): Promise<T[]> {
    if (docs.length === 0) return [];
    const stored = docs.map((doc) => toStored(this.def, doc));
    const coll = this.driver();
    try {
      if (stored.length === 1) await coll.insertOne(stored[0]);
      else await inTransaction(this.client(), (session) => coll.insertMany(stored, { session }).then(() => undefined));
    } catch (error) {
      throw mapWriteError(this.def, error);
    }
    return stored.map((s) => fromStored<T>(this.def, s));
  }

  async get(id: string): Promise<T | null> {
    const found = await this.driver().findOne(toFilter(this.def, { extra: [{ _id: id }] }));
    return found ? fromStored<T>(this.def, found) : null;
  }

  /** In the order of `ids`, skipping absent and expired ones. */
  async getMany(ids: string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.driver()
      .find(toFilter(this.def, { extra: [{ _id: { $in: unique } }] }))
      .toArray();
    const byId = new Map(found.map((d) => [String(d._id), fromStored<T>(this.def, d)]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async find(options: FindOptions = {}): Promise<T[]> {
    const filter = toFilter(this.def, options);
    const sort = toSort(this.def, options.sort);
    const skip = checkPaging(this.def, options.offset, 'offset');
    const limit = checkPaging(this.def, options.limit, 'limit');
    if (options.limit === 0) return [];
    const rows = await this.driver().find(filter, { sort, skip, limit }).toArray();
    return rows.map((row) => fromStored<T>(this.def, row));
  }

  scan(options: ScanOptions): Promise<ScanPage<T>> {
    return keysetScan(this, options);
  }

  async count(options: Pick<FindOptions, 'filter' | 'search'> = {}): Promise<number> {
    return this.driver().countDocuments(toFilter(this.def, options));
  }

  async update(id: string, change: Change, options?: UpdateOptions): Promise<T | null> {
    return updateDoc<T>(this.target(), id, change, options);
  }

  /** Counts matched documents: each gets the change (and a new version) even when values stay the same. */
  async updateMany(filter: Filter, change: Change): Promise<number> {
    const update = toUpdate(this.def, change);
    try {
      const result = await this.driver().updateMany(toFilter(this.def, { filter }), update);
      return result.matchedCount;
    } catch (error) {
      throw mapWriteError(this.def, error);
    }
  }

  async remove(id: string, options: { where?: Filter } = {}): Promise<T | null> {
    return removeDoc<T>(this.target(), id, options.where);
  }

  async removeMany(filter: Filter): Promise<number> {
    const result = await this.driver().deleteMany(toFilter(this.def, { filter }));
    return result.deletedCount;
  }

  async purgeExpired(): Promise<number> {
    if (!this.def.expiresAt) return 0;
    const result = await this.driver().deleteMany({ [this.def.expiresAt]: { $lte: new Date() } });
    return result.deletedCount;
  }
}
