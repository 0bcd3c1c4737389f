import { EJSON } from 'bson';
import { Query } from 'mingo';
import { badValue, CommandError, duplicateKey } from './errors';
import type { CollectionData } from './storage';
import { isDoc, type Doc } from './values';

/** An index as listIndexes shows it. Only unique and TTL indexes change behaviour; others are bookkeeping. */
export interface IndexSpec {
  v?: number;
  key: Record<string, number>;
  name: string;
  unique?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Doc;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** A canonical string for any BSON value, so `_id`s and index keys of any type can key a Map. */
export const keyOf = (value: unknown): string => EJSON.stringify({ v: value }, { relaxed: false });

function getPath(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Doc)[part];
  }
  return value;
}

/** A partial index holds only the documents its filter matches. */
const covers = (index: IndexSpec, doc: Doc): boolean =>
  !index.partialFilterExpression || new Query(index.partialFilterExpression).test(doc);

/** Missing fields index as null, so (as in mongod) two documents lacking a unique field clash unless the index is partial. */
const indexKey = (index: IndexSpec, doc: Doc): Doc =>
  Object.fromEntries(Object.keys(index.key).map((field) => [field, getPath(doc, field) ?? null]));

const isUnique = (index: IndexSpec): boolean => index.unique === true || index.name === ID_INDEX.name;

/** The duplicate-key error `doc` would cause; `selfKey` is the stored copy being replaced. */
export function uniqueConflict(coll: CollectionData, doc: Doc, selfKey: string | null): CommandError | null {
  for (const index of coll.indexes) {
    if (!isUnique(index) || !covers(index, doc)) continue;
    const value = indexKey(index, doc);
    if (index.name === ID_INDEX.name) {
      if (selfKey === null && coll.docs.has(keyOf(doc._id))) return duplicateKey(coll.ns, index.name, value);
      continue;
    }
    const wanted = keyOf(value);
    for (const [key, other] of coll.docs) {
      if (key !== selfKey && covers(index, other) && keyOf(indexKey(index, other)) === wanted) {
        return duplicateKey(coll.ns, index.name, value);
      }
    }
  }
  return null;
}

/** What makes two specs the same index, ignoring the name and `v`. */
const shape = (index: IndexSpec): string =>
  keyOf([index.key, index.unique === true, index.expireAfterSeconds ?? null, index.partialFilterExpression ?? null]);

function toSpec(raw: Doc): IndexSpec {
  const { key, name, partialFilterExpression } = raw;
  if (typeof name !== 'string' || !isDoc(key)) throw badValue('An index needs a key and a name');
  const fields = Object.entries(key);
  if (fields.length === 0 || !fields.every(([, dir]) => dir === 1 || dir === -1))
    throw badValue(`Unsupported index key in ${name}`);
  const spec: IndexSpec = { v: 2, key: Object.fromEntries(fields.map(([f, dir]) => [f, Number(dir)])), name };
  if (raw.unique === true) spec.unique = true;
  if (typeof raw.expireAfterSeconds === 'number') spec.expireAfterSeconds = raw.expireAfterSeconds;
  if (isDoc(partialFilterExpression)) spec.partialFilterExpression = partialFilterExpression;
  return spec;
}

/** The index list after createIndexes: existing identical specs are a no-op, clashing ones an error like mongod's. */
export function withIndexes(coll: CollectionData, raws: Doc[]): IndexSpec[] {
  const result = [...coll.indexes];
  for (const spec of raws.map(toSpec)) {
    const sameName = result.find((i) => i.name === spec.name);
    if (sameName) {
      if (shape(sameName) === shape(spec)) continue;
      throw new CommandError(
        86,
        'IndexKeySpecsConflict',
        `An existing index has the same name (${spec.name}) as the requested index`,
      );
    }
    const sameShape = result.find((i) => shape(i) === shape(spec));
    if (sameShape) {
      throw new CommandError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${sameShape.name}`);
    }
    if (spec.unique) assertNoDuplicates(coll, spec);
    result.push(spec);
  }
  return result;
}

function assertNoDuplicates(coll: CollectionData, spec: IndexSpec): void {
  const seen = new Set<string>();
  for (const doc of coll.docs.values()) {
    if (!covers(spec, doc)) continue;
    const value = indexKey(spec, doc);
    const key = keyOf(value);
    if (seen.has(key)) throw duplicateKey(coll.ns, spec.name, value);
    seen.add(key);
  }
}

/** The index list after dropIndexes of a name, a key pattern, a list of names, or '*'. */
export function withoutIndexes(coll: CollectionData, which: unknown): IndexSpec[] {
  if (which === '*') return coll.indexes.filter((i) => i.name === ID_INDEX.name);
  const names = Array.isArray(which) ? which : [which];
  let result = coll.indexes;
  for (const target of names) {
    const found =
      typeof target === 'string' ? result.find((i) => i.name === target) : result.find((i) => keyOf(i.key) === keyOf(target));
    if (!found) throw new CommandError(27, 'IndexNotFound', `index not found with name [${String(target)}]`);
    if (found.name === ID_INDEX.name) throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    result = result.filter((i) => i !== found);
  }
  return result;
}
