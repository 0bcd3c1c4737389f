import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { StoreUsageError } from '../store.errors';
import type { Change, CollectionDef, Doc, FieldType } from '../store.types';
import { indexAttrs } from './dynamodb.index';

/**
 * How documents map to DynamoDB items. Hidden attributes start with `_` (field names cannot):
 * - `_rev`: a revision bumped on every write of a non-versioned collection (versioned ones use
 *   `version`), so read-then-transact paths can condition on "unchanged since read";
 * - `_ttl`: expiresAt in epoch seconds, for DynamoDB's own (lazy) TTL deletion;
 * - `_ix_<field>`: GSI keys (see dynamodb.index.ts).
 */

export const TTL_ATTR = '_ttl';

export type Item = Record<string, unknown>;

/** The attribute that counts writes: `version` when exposed, `_rev` otherwise. */
export function revAttr(def: CollectionDef): string {
  return def.versioned ? 'version' : '_rev';
}

/** Rounded up so DynamoDB never deletes a document before its expiry. */
export function ttlSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

/** Checks a document against the schema and builds the item for its first write. */
export function toNewItem(def: CollectionDef, doc: Doc): Item {
  if (typeof doc.id !== 'string' || doc.id === '') throw new StoreUsageError(`${def.name} documents need a non-empty string id`);
  const item: Item = { id: doc.id };
  for (const [field, value] of Object.entries(doc)) {
    if (field === 'id' || (field === 'version' && def.versioned)) continue;
    const type = def.fields[field];
    if (!type) throw new StoreUsageError(`Unknown field ${def.name}.${field}`);
    if (value === null || value === undefined) continue;
    checkValue(def, field, type, value);
    item[field] = value;
  }
  item[revAttr(def)] = 1;
  const expiry = def.expiresAt ? item[def.expiresAt] : undefined;
  if (typeof expiry === 'number') item[TTL_ATTR] = ttlSeconds(expiry);
  return { ...item, ...indexAttrs(def, item) };
}

export function checkValue(def: CollectionDef, field: string, type: FieldType, value: unknown): void {
  const ok =
    type === 'json' ||
    (type === 'string' && typeof value === 'string') ||
    (type === 'bool' && typeof value === 'boolean') ||
    (type === 'int' && Number.isSafeInteger(value)) ||
    (type === 'timestamp' && typeof value === 'number' && Number.isFinite(value));
  if (!ok) throw new StoreUsageError(`${def.name}.${field} must be ${type === 'int' ? 'a safe integer' : `a ${type}`}`);
}

/** Checks the values a change writes (validateChange already checked the field names). */
export function checkChangeValues(def: CollectionDef, change: Change): void {
  for (const [field, value] of Object.entries(change.$set ?? {})) {
    if (value !== null && value !== undefined) checkValue(def, field, def.fields[field], value);
  }
  const set = Object.keys(change.$set ?? {});
  const inc = Object.keys(change.$inc ?? {});
  const unset = change.$unset ?? [];
  const all = [...set, ...inc, ...unset];
  if (new Set(all).size !== all.length) throw new StoreUsageError(`A change on ${def.name} names a field twice`);
}

export function toDoc<T extends Doc>(item: Item): T {
  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (!key.startsWith('_') && value !== null && value !== undefined) doc[key] = value;
  }
  return doc as T;
}

export function isExpired(def: CollectionDef, item: Item, now: number): boolean {
  if (!def.expiresAt) return false;
  const at = item[def.expiresAt];
  return typeof at === 'number' && at <= now;
}

/** The document a change produces, computed in JS for paths whose transaction pinned the revision. */
export function applyChange(def: CollectionDef, item: Item, change: Change): Item {
  const next: Item = { ...item };
  for (const [field, value] of Object.entries(change.$set ?? {})) {
    if (value === null || value === undefined) delete next[field];
    else next[field] = value;
  }
  for (const [field, by] of Object.entries(change.$inc ?? {})) {
    const current = next[field];
    next[field] = (typeof current === 'number' ? current : 0) + by;
  }
  for (const field of change.$unset ?? []) delete next[field];
  const rev = revAttr(def);
  next[rev] = (typeof item[rev] === 'number' ? item[rev] : 0) + 1;
  if (def.expiresAt) {
    const expiry = next[def.expiresAt];
    if (typeof expiry === 'number') next[TTL_ATTR] = ttlSeconds(expiry);
    else delete next[TTL_ATTR];
  }
  return next;
}

/** Reads a number attribute out of a raw (unmarshalled-by-nobody) item from an error response. */
export function rawNumber(item: Record<string, AttributeValue> | undefined, attr: string): number | undefined {
  const value = item?.[attr];
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : undefined;
}

export function rawExists(item: Record<string, AttributeValue> | undefined): boolean {
  return item !== undefined && Object.keys(item).length > 0;
}

/** True when the error response's old item says the document is there and not expired. */
export function rawLive(def: CollectionDef, item: Record<string, AttributeValue> | undefined, now: number): boolean {
  if (!rawExists(item)) return false;
  const at = def.expiresAt ? rawNumber(item, def.expiresAt) : undefined;
  return at === undefined || at > now;
}
