import type { Predicate } from '../store.query';
import type { CollectionDef } from '../store.types';
import type { Item } from './dynamodb.codec';

/**
 * Secondary indexes. A GSI keys on a hidden shadow attribute `_ix_<field>` rather than on the field:
 * DynamoDB refuses an empty string (and any boolean) as an index key, and would then refuse the
 * whole write. The shadow is absent for '' (those documents are found by Scan) and 1/0 for bools.
 * The first field of each index set gets a GSI; json fields get none.
 */

export type KeyType = 'S' | 'N';

export const gsiName = (field: string) => `ix_${field}`;
export const indexAttr = (field: string) => `_ix_${field}`;

export function gsiFields(def: CollectionDef): Map<string, KeyType> {
  const out = new Map<string, KeyType>();
  for (const [field] of def.indexes ?? []) {
    const type = def.fields[field];
    if (type === 'string') out.set(field, 'S');
    else if (type === 'int' || type === 'timestamp' || type === 'bool') out.set(field, 'N');
  }
  return out;
}

/** The shadow value for a field value, or undefined when the document stays out of the index. */
export function indexValue(def: CollectionDef, field: string, value: unknown): string | number | undefined {
  const type = def.fields[field];
  if (type === 'string') return typeof value === 'string' && value !== '' ? value : undefined;
  if (type === 'bool') return typeof value === 'boolean' ? Number(value) : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** Shadow attributes of a whole item, for its first write. */
export function indexAttrs(def: CollectionDef, item: Item): Item {
  const out: Item = {};
  for (const field of gsiFields(def).keys()) {
    const value = indexValue(def, field, item[field]);
    if (value !== undefined) out[indexAttr(field)] = value;
  }
  return out;
}

/** An equality predicate a GSI can answer with a Query instead of a Scan. */
export function gsiKey(def: CollectionDef, predicates: Predicate[]): { field: string; value: string | number } | null {
  const gsis = gsiFields(def);
  for (const { path, op, value } of predicates) {
    if (op !== '$eq' || !gsis.has(path)) continue;
    const key = indexValue(def, path, value);
    if (key !== undefined) return { field: path, value: key };
  }
  return null;
}
