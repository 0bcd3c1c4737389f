import { StoreUsageError } from '../store/store.errors';
import type { Change, Doc, FindOptions, Filter, FieldCondition, Scalar } from '../store/store.types';
import { blindIndex, isSealed, open, seal, sealedKeyId } from './envelope';
import type { Keyring } from './keyring';

/** A field looked up by equality although sealed: its keyed hash is kept in `into`. */
export interface HashedField {
  into: string;
  /** The form both stored values and lookups are hashed in (e.g. normalizeEmail). */
  normalize?: (value: string) => string;
}

/** Which fields of one collection are personal data. */
export interface SealedFields {
  fields: string[];
  hashed?: Record<string, HashedField>;
}

/** Per collection of a store. */
export type SealSpec = Record<string, SealedFields>;

/** The data key every store uses for its blind indexes. */
export const INDEX_KEY_ID = 'index';

/**
 * Seals and opens one collection's personal fields on the way into and out of its store; rewrites
 * equality lookups of hashed fields into lookups of their hash. The hash columns never leave.
 */
export class FieldCodec {
  constructor(
    readonly collection: string,
    private readonly spec: SealedFields,
    private readonly keyring: Keyring,
  ) {}

  async encodeDoc<T extends Doc>(doc: T): Promise<T> {
    return { ...doc, ...(await this.sealValues(doc)) };
  }

  async decodeDoc<T extends Doc>(doc: T | null): Promise<T | null> {
    if (!doc) return doc;
    const out: Record<string, unknown> = { ...doc };
    for (const f of this.spec.fields) {
      const keyId = sealedKeyId(out[f]);
      if (keyId) out[f] = open(out[f] as string, this.aad(f), await this.keyring.existingKey(keyId));
    }
    for (const h of Object.values(this.spec.hashed ?? {})) delete out[h.into];
    return out as T;
  }

  decodeAll<T extends Doc>(docs: T[]): Promise<T[]> {
    return Promise.all(docs.map(async (d) => (await this.decodeDoc(d))!));
  }

  async encodeChange(change: Change): Promise<Change> {
    const unset = change.$unset ?? [];
    const set = change.$set ? { ...change.$set, ...(await this.sealValues(change.$set)) } : undefined;
    const hashedUnset = Object.entries(this.spec.hashed ?? {}).flatMap(([f, h]) => (unset.includes(f) ? [h.into] : []));
    return { ...change, ...(set && { $set: set }), ...(change.$unset && { $unset: [...unset, ...hashedUnset] }) };
  }

  async encodeFilter(filter: Filter | undefined): Promise<Filter | undefined> {
    if (!filter) return filter;
    const out: Filter = {};
    for (const [path, cond] of Object.entries(filter)) {
      const top = path.split('.')[0];
      if (!this.spec.fields.includes(top)) out[path] = cond;
      else {
        const hashed = this.spec.hashed?.[top];
        if (!hashed || top !== path) throw new StoreUsageError(`${this.collection}.${path} is sealed: it cannot be queried`);
        out[hashed.into] = await this.hashCondition(hashed, cond);
      }
    }
    return out;
  }

  /** A search over sealed fields can only be an exact match of a hashed one (e.g. a whole email). */
  async encodeFind<O extends Pick<FindOptions, 'filter' | 'search'> & { sort?: string[] }>(options: O | undefined): Promise<O> {
    const opts = { ...(options ?? {}) } as O;
    opts.filter = await this.encodeFilter(opts.filter);
    if (opts.sort?.some((s) => this.spec.fields.includes(s.replace(/^-/, ''))))
      throw new StoreUsageError(`${this.collection}: sealed fields cannot be sorted on`);
    const search = opts.search;
    const sealed = search?.fields.filter((f) => this.spec.fields.includes(f)) ?? [];
    if (!search || sealed.length === 0) return opts;
    const hashedField = sealed.find((f) => this.spec.hashed?.[f]);
    if (!hashedField) throw new StoreUsageError(`${this.collection}: sealed fields cannot be searched`);
    const hashed = this.spec.hashed![hashedField];
    opts.filter = { ...opts.filter, [hashed.into]: await this.hashCondition(hashed, search.text) };
    delete opts.search;
    return opts;
  }

  private aad(field: string): string {
    return `${this.collection}.${field}`;
  }

  private async sealValues(values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const f of this.spec.fields) {
      const v = values[f];
      if (v === undefined || v === null) continue;
      const hashed = this.spec.hashed?.[f];
      if (hashed && typeof v === 'string' && !isSealed(v)) out[hashed.into] = await this.hash(hashed, v);
      if (!isSealed(v)) out[f] = seal(v, this.aad(f), this.collection, await this.keyring.dataKey(this.collection));
    }
    return out;
  }

  private async hash(h: HashedField, value: string): Promise<string> {
    return blindIndex(h.normalize ? h.normalize(value) : value, await this.keyring.dataKey(INDEX_KEY_ID));
  }

  private async hashCondition(h: HashedField, cond: Scalar | FieldCondition): Promise<Scalar | FieldCondition> {
    const one = async (v: Scalar) => (typeof v === 'string' ? this.hash(h, v) : v);
    if (cond === null || typeof cond !== 'object') return one(cond);
    const out: FieldCondition = {};
    for (const [op, v] of Object.entries(cond) as [keyof FieldCondition, unknown][]) {
      if (op === '$eq' || op === '$ne') out[op] = await one(v as Scalar);
      else if (op === '$in') out.$in = await Promise.all((v as Scalar[]).map(one));
      else if (op === '$exists') out.$exists = v as boolean;
      else throw new StoreUsageError(`${this.collection}: a sealed field can only be compared for equality`);
    }
    return out;
  }
}
