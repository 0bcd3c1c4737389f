import { StoreUsageError } from '../store.errors';
import { normalizeFilter, normalizeSort, type Operator, type Predicate } from '../store.query';
import { fieldType } from '../store.schema';
import type { CollectionDef, FieldType, Filter, FindOptions, Scalar } from '../store.types';
import { COLUMN_TYPE, isTimestamp, quote, type Params } from './postgres.codec';

/**
 * Filters, search and sort as SQL, with the meaning `matches`/`compareDocs` give them in memory:
 * absent = NULL, comparisons only between values of the same JS type, strings by code point.
 */

const RANGE: Partial<Record<Operator, string>> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };
const EQUALITY = new Set<Operator>(['$eq', '$ne', '$in']);

/** A json field or a path inside one: `e` is the jsonb value, `t` its text form. */
interface JsonRef {
  e: string;
  t: string;
  /** Object keys only (no array positions): equality may then also use containment (GIN). */
  keys: string[] | null;
}

function jsonRef(path: string, params: Params): JsonRef {
  const [top, ...rest] = path.split('.');
  const col = quote(top);
  if (rest.length === 0) return { e: col, t: `(${col} #>> '{}')`, keys: null };
  const array = `ARRAY[${rest.map((k) => params.add(k, 'text')).join(', ')}]`;
  const keys = rest.some((k) => /^-?\d+$/.test(k)) ? null : rest;
  return { e: `(${col} #> ${array})`, t: `(${col} #>> ${array})`, keys };
}

/**
 * A parameter comparable with a scalar column, or null when no stored value can satisfy the operator
 * (wrong JS type, or a fraction against whole numbers for equality).
 */
function operand(type: FieldType, op: Operator, value: unknown, params: Params): string | null {
  if (type === 'string') return typeof value === 'string' ? params.add(value, 'text') : null;
  if (type === 'bool') return typeof value === 'boolean' ? params.add(value, 'boolean') : null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (!Number.isInteger(value) && EQUALITY.has(op)) return null;
  if (type === 'int') return Number.isSafeInteger(value) ? params.add(value, 'bigint') : params.add(String(value), 'numeric');
  if (EQUALITY.has(op)) return isTimestamp(value) ? params.add(new Date(value).toISOString(), COLUMN_TYPE.timestamp) : null;
  // Whole milliseconds are stored, so `> 2.5` means `> 2` and `>= 2.5` means `>= 3`.
  const whole = op === '$gt' || op === '$lte' ? Math.floor(value) : Math.ceil(value);
  if (!isTimestamp(whole)) throw new StoreUsageError(`Timestamp ${value} is out of range`);
  return params.add(new Date(whole).toISOString(), COLUMN_TYPE.timestamp);
}

function columnPredicate(col: string, type: FieldType, { op, value }: Predicate, params: Params): string {
  if (op === '$exists') return `${col} IS ${value ? 'NOT ' : ''}NULL`;
  if (op === '$eq' && value === null) return `${col} IS NULL`;
  if (op === '$ne' && value === null) return `${col} IS NOT NULL`;
  if (op === '$in') {
    const items = (value as Scalar[]).map((v) => (v === null ? null : operand(type, op, v, params))).filter((v) => v !== null);
    return items.length ? `${col} IN (${items.join(', ')})` : 'FALSE';
  }
  const right = operand(type, op, value, params);
  if (op === '$eq') return right ? `${col} = ${right}` : 'FALSE';
  if (op === '$ne') return right ? `${col} IS DISTINCT FROM ${right}` : 'TRUE';
  if (!right) return 'FALSE';
  return `${type === 'string' ? `${col} COLLATE "C"` : col} ${RANGE[op]} ${right}`;
}

function isJsonScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function jsonScalar(value: unknown, params: Params): string | null {
  return isJsonScalar(value) ? params.add(JSON.stringify(value), 'jsonb') : null;
}

function nested(keys: string[], value: unknown): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function jsonPredicate(path: string, { op, value }: Predicate, params: Params): string {
  // Parameters are added only once they appear in the SQL: PostgreSQL rejects an unused one.
  let ref: JsonRef | undefined;
  const at = (): JsonRef => (ref ??= jsonRef(path, params));
  const absent = (): string => `COALESCE(jsonb_typeof(${at().e}), 'null') = 'null'`;
  if (op === '$exists') return value ? `NOT (${absent()})` : absent();
  if ((op === '$eq' || op === '$ne') && value === null) return op === '$eq' ? absent() : `NOT (${absent()})`;
  if (op === '$in') {
    const e = at().e;
    const list = value as Scalar[];
    const items = list.map((v) => jsonScalar(v, params)).filter((v) => v !== null);
    // As in `matches`: a null in the list finds a json null, not an absent path.
    const alternatives = [
      ...(items.length ? [`${e} IN (${items.join(', ')})`] : []),
      ...(list.includes(null) ? [`jsonb_typeof(${e}) = 'null'`] : []),
    ];
    return alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE';
  }
  if (!isJsonScalar(value)) return op === '$ne' ? 'TRUE' : 'FALSE';
  const { e, t, keys } = at();
  if (op === '$ne') return `${e} IS DISTINCT FROM ${jsonScalar(value, params)}`;
  if (op === '$eq') {
    const col = quote(path.split('.')[0]);
    const contains = keys ? `${col} @> ${params.add(JSON.stringify(nested(keys, value)), 'jsonb')} AND ` : '';
    return `(${contains}${e} = ${jsonScalar(value, params)})`;
  }
  if (typeof value === 'string')
    return `(jsonb_typeof(${e}) = 'string' AND ${t} COLLATE "C" ${RANGE[op]} ${params.add(value, 'text')})`;
  return `(jsonb_typeof(${e}) = '${typeof value}' AND ${e} ${RANGE[op]} ${jsonScalar(value, params)})`;
}

function predicateSql(def: CollectionDef, predicate: Predicate, params: Params): string {
  const type = fieldType(def, predicate.path);
  if (type === 'json') return jsonPredicate(predicate.path, predicate, params);
  return columnPredicate(quote(predicate.path), type, predicate, params);
}

/** `expiresAt` in the past means gone. The database clock decides, so app servers' clocks need not agree. */
export function liveSql(def: CollectionDef): string[] {
  if (!def.expiresAt) return [];
  const col = quote(def.expiresAt);
  return [`(${col} IS NULL OR ${col} > now())`];
}

export function filterSql(def: CollectionDef, filter: Filter | undefined, params: Params): string[] {
  return normalizeFilter(def, filter).map((p) => predicateSql(def, p, params));
}

export function searchSql(def: CollectionDef, search: FindOptions['search'], params: Params): string[] {
  if (!search) return [];
  if (typeof search.text !== 'string' || !Array.isArray(search.fields)) throw new StoreUsageError('search needs text and fields');
  if (search.fields.length === 0) return ['FALSE'];
  const pattern = params.add(`%${search.text.replace(/[\\%_]/g, '\\$&')}%`, 'text');
  const any = search.fields.map((field) => {
    const type = fieldType(def, field);
    if (type === 'string') return `${quote(field)} ILIKE ${pattern}`;
    if (type !== 'json') throw new StoreUsageError(`search needs string fields; ${def.name}.${field} is ${type}`);
    const ref = jsonRef(field, params);
    return `(jsonb_typeof(${ref.e}) = 'string' AND ${ref.t} ILIKE ${pattern})`;
  });
  return [`(${any.join(' OR ')})`];
}

/**
 * Json values sort by type, then numbers numerically and everything else by its text in code-point
 * order; a json null sorts with the absent values, as `compareDocs` treats it.
 */
function jsonOrder(path: string, params: Params): string[] {
  const { e, t } = jsonRef(path, params);
  return [
    `NULLIF(jsonb_typeof(${e}), 'null')`,
    `CASE WHEN jsonb_typeof(${e}) = 'number' THEN ${t}::numeric END`,
    `${t} COLLATE "C"`,
  ];
}

export function orderSql(def: CollectionDef, sort: string[] | undefined, params: Params): string {
  const keys = normalizeSort(def, sort).flatMap(({ field, desc }) => {
    const type = fieldType(def, field);
    const exprs = type === 'json' ? jsonOrder(field, params) : [type === 'string' ? `${quote(field)} COLLATE "C"` : quote(field)];
    return exprs.map((expr) => `${expr} ${desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`);
  });
  return `ORDER BY ${keys.join(', ')}`;
}

export function whereClause(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}
