import type { IndexDescription } from 'mongodb';
import type { CollectionDef } from '../store.types';

/**
 * Deterministic index names, so a duplicate-key error (which names the index) maps back to the
 * contract's field set, and so the down step of an addIndex knows what to drop.
 */
export const indexName = (kind: 'unique' | 'index' | 'ttl', fields: string[]): string => `${kind}__${fields.join('__')}`;

const keyOf = (fields: string[]): Record<string, 1> =>
  Object.fromEntries(fields.map((f) => [f === 'id' ? '_id' : f, 1 as const]));

/**
 * Unique indexes only cover documents holding every field of the set: absent means null, and like
 * SQL NULLs two absent values must not clash (a plain MongoDB unique index would say they do).
 */
export function uniqueIndex(fields: string[]): IndexDescription {
  const partialFilterExpression = Object.fromEntries(fields.filter((f) => f !== 'id').map((f) => [f, { $exists: true }]));
  return {
    key: keyOf(fields),
    name: indexName('unique', fields),
    unique: true,
    ...(Object.keys(partialFilterExpression).length ? { partialFilterExpression } : {}),
  };
}

export const plainIndex = (fields: string[]): IndexDescription => ({ key: keyOf(fields), name: indexName('index', fields) });

/** Every index a freshly created collection gets; a plain index the unique or TTL index already covers is skipped (MongoDB rejects same-key twins). */
export function indexesOf(def: CollectionDef): IndexDescription[] {
  const unique = (def.unique ?? []).map(uniqueIndex);
  const ttl: IndexDescription[] = def.expiresAt
    ? [{ key: { [def.expiresAt]: 1 }, name: indexName('ttl', [def.expiresAt]), expireAfterSeconds: 0 }]
    : [];
  const taken = new Set([...unique, ...ttl].map((i) => JSON.stringify(i.key)));
  const plain = (def.indexes ?? []).map(plainIndex).filter((i) => !taken.has(JSON.stringify(i.key)));
  return [...unique, ...ttl, ...plain];
}

/** Index name → contract fields, for turning duplicate-key errors into UniqueConflictError. */
export function uniqueFieldsByIndex(def: CollectionDef): Map<string, string[]> {
  const map = new Map<string, string[]>([['_id_', ['id']]]);
  for (const fields of def.unique ?? []) map.set(indexName('unique', fields), fields);
  return map;
}
