import { StoreUsageError } from '../store.errors';
import { validateChange } from '../store.query';
import type { Change, CollectionDef, Doc, Filter, FindOptions } from '../store.types';
import { COLUMN_TYPE, encodeDoc, Params, quote, valueParam, type Sql } from './postgres.codec';
import { filterSql, liveSql, orderSql, searchSql, whereClause } from './postgres.filter';

/** One parameterised statement per store operation; the collection and atomic() both run these. */

function table(def: CollectionDef): string {
  return quote(def.name);
}

/**
 * All documents go in as one jsonb parameter expanded by jsonb_to_recordset: one statement whatever
 * the batch size (no parameter-count limit), so a batch is inserted whole or not at all.
 */
export function insertSql(def: CollectionDef, docs: Doc[]): Sql {
  const params = new Params();
  const rows = JSON.stringify(docs.map((doc) => encodeDoc(def, doc)));
  const fields = ['id', ...Object.keys(def.fields)];
  const shape = fields.map((f) => `${quote(f)} ${f === 'id' ? 'text' : COLUMN_TYPE[def.fields[f]]}`).join(', ');
  const target = [...fields, ...(def.versioned ? ['version'] : [])].map(quote).join(', ');
  const source = [...fields.map(quote), ...(def.versioned ? ['1'] : [])].join(', ');
  return params.sql(
    `INSERT INTO ${table(def)} (${target}) SELECT ${source} FROM jsonb_to_recordset(${params.add(rows, 'jsonb')}) AS r(${shape}) RETURNING *`,
  );
}

export function getManySql(def: CollectionDef, ids: string[]): Sql {
  const params = new Params();
  const list = ids.map((id) => params.add(id, 'text')).join(', ');
  return params.sql(`SELECT * FROM ${table(def)} ${whereClause([`${quote('id')} IN (${list})`, ...liveSql(def)])}`);
}

function count(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new StoreUsageError(`${what} must be a non-negative integer`);
  return value;
}

export function findSql(def: CollectionDef, options: FindOptions = {}): Sql {
  const params = new Params();
  const where = whereClause([
    ...filterSql(def, options.filter, params),
    ...searchSql(def, options.search, params),
    ...liveSql(def),
  ]);
  const limit = count(options.limit, 'limit');
  const offset = count(options.offset, 'offset');
  const page = `${limit !== undefined ? ` LIMIT ${params.add(limit, 'bigint')}` : ''}${offset ? ` OFFSET ${params.add(offset, 'bigint')}` : ''}`;
  return params.sql(`SELECT * FROM ${table(def)} ${where} ${orderSql(def, options.sort, params)}${page}`);
}

export function countSql(def: CollectionDef, options: Pick<FindOptions, 'filter' | 'search'> = {}): Sql {
  const params = new Params();
  const where = whereClause([
    ...filterSql(def, options.filter, params),
    ...searchSql(def, options.search, params),
    ...liveSql(def),
  ]);
  return params.sql(`SELECT count(*) AS n FROM ${table(def)} ${where}`);
}

function setSql(def: CollectionDef, change: Change, params: Params): string {
  validateChange(def, change);
  const assignments = new Map<string, string>();
  const assign = (field: string, expr: string) => {
    if (assignments.has(field)) throw new StoreUsageError(`${def.name}.${field} is changed twice in one change`);
    assignments.set(field, expr);
  };
  for (const [field, value] of Object.entries(change.$set ?? {})) {
    assign(field, value === null || value === undefined ? 'NULL' : valueParam(def, field, value, params));
  }
  for (const field of change.$unset ?? []) assign(field, 'NULL');
  // An absent counter counts from zero, as $inc does everywhere else.
  for (const [field, by] of Object.entries(change.$inc ?? {}))
    assign(field, `COALESCE(${quote(field)}, 0) + ${params.add(by, 'bigint')}`);
  if (def.versioned) assign('version', `${quote('version')} + 1`);
  return [...assignments].map(([field, expr]) => `${quote(field)} = ${expr}`).join(', ');
}

export interface Target {
  id: string;
  where?: Filter;
  expectVersion?: number;
}

function targetSql(def: CollectionDef, { id, where, expectVersion }: Target, params: Params): string {
  if (typeof id !== 'string') throw new StoreUsageError(`${def.name}: id must be a string`);
  const conditions = [`${quote('id')} = ${params.add(id, 'text')}`, ...liveSql(def), ...filterSql(def, where, params)];
  if (expectVersion !== undefined) {
    if (!def.versioned) throw new StoreUsageError(`${def.name} is not versioned`);
    if (!Number.isSafeInteger(expectVersion)) throw new StoreUsageError('expectVersion must be an integer');
    conditions.push(`${quote('version')} = ${params.add(expectVersion, 'integer')}`);
  }
  return whereClause(conditions);
}

/** The condition, the expiry check and the change in one statement: the row lock lasts one statement. */
export function updateOneSql(def: CollectionDef, target: Target, change: Change): Sql {
  const params = new Params();
  const set = setSql(def, change, params);
  return params.sql(`UPDATE ${table(def)} SET ${set} ${targetSql(def, target, params)} RETURNING *`);
}

export function updateManySql(def: CollectionDef, filter: Filter, change: Change): Sql {
  const params = new Params();
  const set = setSql(def, change, params);
  return params.sql(`UPDATE ${table(def)} SET ${set} ${whereClause([...filterSql(def, filter, params), ...liveSql(def)])}`);
}

export function removeOneSql(def: CollectionDef, target: Target): Sql {
  const params = new Params();
  return params.sql(`DELETE FROM ${table(def)} ${targetSql(def, target, params)} RETURNING *`);
}

export function removeManySql(def: CollectionDef, filter: Filter): Sql {
  const params = new Params();
  return params.sql(`DELETE FROM ${table(def)} ${whereClause([...filterSql(def, filter, params), ...liveSql(def)])}`);
}

/** After an update with expectVersion changed nothing: is the document there, and at which version? */
export function versionSql(def: CollectionDef, id: string): Sql {
  const params = new Params();
  return params.sql(
    `SELECT ${quote('version')} FROM ${table(def)} ${whereClause([`${quote('id')} = ${params.add(id, 'text')}`, ...liveSql(def)])}`,
  );
}

export function purgeSql(def: CollectionDef): Sql | null {
  if (!def.expiresAt) return null;
  return { text: `DELETE FROM ${table(def)} WHERE ${quote(def.expiresAt)} <= now()`, params: [] };
}
