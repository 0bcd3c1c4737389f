import { StoreUsageError } from './store.errors';
import { fieldType } from './store.schema';
import type { Change, CollectionDef, FieldCondition, Filter, Scalar } from './store.types';

export type Operator = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$exists';

export interface Predicate {
  path: string;
  op: Operator;
  value: Scalar | Scalar[] | boolean;
}

export interface SortKey {
  field: string;
  desc: boolean;
}

const OPERATORS = new Set<string>(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$exists']);

/** Flattens a filter into AND-ed predicates, rejecting unknown fields and operators. */
export function normalizeFilter(def: CollectionDef, filter: Filter = {}): Predicate[] {
  const out: Predicate[] = [];
  for (const [path, cond] of Object.entries(filter)) {
    fieldType(def, path);
    if (cond === null || typeof cond !== 'object') {
      out.push({ path, op: '$eq', value: cond });
      continue;
    }
    for (const [op, value] of Object.entries(cond as FieldCondition)) {
      if (!OPERATORS.has(op)) throw new StoreUsageError(`Unsupported operator ${op} on ${def.name}.${path}`);
      if (op === '$in' && !Array.isArray(value)) throw new StoreUsageError(`$in on ${path} needs an array`);
      out.push({ path, op: op as Operator, value: value as Scalar });
    }
  }
  return out;
}

/** `['-createdAt', 'name']` → keys, with `id` appended so equal keys page stably. */
export function normalizeSort(def: CollectionDef, sort: string[] = []): SortKey[] {
  const keys = sort.map((s) => {
    const desc = s.startsWith('-');
    const field = desc ? s.slice(1) : s;
    fieldType(def, field);
    return { field, desc };
  });
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', desc: false });
  return keys;
}

/** Checks a change against the schema: known fields, numeric increments, no writes to id/version. */
export function validateChange(def: CollectionDef, change: Change): void {
  const touched = [...Object.keys(change.$set ?? {}), ...Object.keys(change.$inc ?? {}), ...(change.$unset ?? [])];
  if (touched.length === 0) throw new StoreUsageError(`Empty change on ${def.name}`);
  for (const path of touched) {
    if (path === 'id' || path === 'version') throw new StoreUsageError(`${path} cannot be changed`);
    if (path.includes('.')) throw new StoreUsageError(`Changes replace whole fields; got ${path}`);
    fieldType(def, path);
  }
  for (const [path, by] of Object.entries(change.$inc ?? {})) {
    if (def.fields[path] !== 'int' || !Number.isSafeInteger(by)) {
      throw new StoreUsageError(`$inc needs an int field and an integer amount (${def.name}.${path})`);
    }
  }
}

export function getPath(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** In-memory evaluation with the same meaning every engine gives a predicate. */
export function matches(doc: Record<string, unknown>, predicates: Predicate[]): boolean {
  return predicates.every(({ path, op, value }) => {
    const actual = getPath(doc, path);
    const present = actual !== undefined && actual !== null;
    switch (op) {
      case '$exists':
        return present === value;
      case '$eq':
        return value === null ? !present : actual === value;
      case '$ne':
        return value === null ? present : actual !== value;
      case '$in':
        return (value as Scalar[]).includes(actual as Scalar);
      default:
        return present && compare(actual, value, op);
    }
  });
}

function compare(actual: unknown, value: unknown, op: Operator): boolean {
  if (typeof actual !== typeof value) return false;
  const a = actual as number | string;
  const b = value as number | string;
  if (op === '$gt') return a > b;
  if (op === '$gte') return a >= b;
  if (op === '$lt') return a < b;
  return a <= b;
}

export function compareDocs(keys: SortKey[]) {
  return (x: Record<string, unknown>, y: Record<string, unknown>): number => {
    for (const { field, desc } of keys) {
      const a = getPath(x, field) as number | string | undefined;
      const b = getPath(y, field) as number | string | undefined;
      if (a === b) continue;
      // Absent values sort first ascending, as PostgreSQL NULLS FIRST and MongoDB do.
      const order = a === undefined || a === null ? -1 : b === undefined || b === null ? 1 : a < b ? -1 : 1;
      return desc ? -order : order;
    }
    return 0;
  };
}
