import { StoreUsageError } from '../store.errors';
import type { CollectionDef, MigrationStep } from '../store.types';
import { COLUMN_TYPE, quote } from './postgres.codec';

/** SQL for one neutral migration step, with the statements that undo it. */
export interface StepDdl {
  up: string[];
  down: string[];
}

type IndexKind = 'pkey' | 'uq' | 'ix' | 'gin' | 'exp';

const MAX_IDENTIFIER = 63;

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * Deterministic constraint/index names, so a SQLSTATE 23505 can be mapped back to its field set.
 * PostgreSQL silently truncates identifiers past 63 bytes; long names get a hash tail instead.
 */
export function indexName(table: string, fields: string[], kind: IndexKind): string {
  const name = [table, kind, ...fields].join('__');
  if (name.length <= MAX_IDENTIFIER) return name;
  return `${name.slice(0, MAX_IDENTIFIER - 9)}_${fnv1a(name)}`;
}

/** The fields behind a violated unique constraint, or [] when the name is not one of ours. */
export function uniqueFields(def: CollectionDef, constraint: string | undefined): string[] {
  if (constraint === indexName(def.name, ['id'], 'pkey')) return ['id'];
  return def.unique?.find((set) => indexName(def.name, set, 'uq') === constraint) ?? [];
}

function columns(fields: string[]): string {
  return fields.map(quote).join(', ');
}

/**
 * A unique set is one unique btree. A plain index is a btree over its scalar fields plus a GIN
 * (jsonb_path_ops, which serves the `@>` that json equality filters emit) per json field: a btree
 * over jsonb would also reject documents whose json outgrows an index row.
 */
function indexDdl(def: CollectionDef, fields: string[], unique: boolean): StepDdl {
  const table = quote(def.name);
  if (unique) {
    const name = quote(indexName(def.name, fields, 'uq'));
    return { up: [`CREATE UNIQUE INDEX ${name} ON ${table} (${columns(fields)})`], down: [`DROP INDEX IF EXISTS ${name}`] };
  }
  const json = fields.filter((f) => def.fields[f] === 'json');
  const scalar = fields.filter((f) => def.fields[f] !== 'json');
  const up: string[] = [];
  const names: string[] = [];
  if (scalar.length) {
    names.push(quote(indexName(def.name, scalar, 'ix')));
    up.push(`CREATE INDEX ${names[names.length - 1]} ON ${table} (${columns(scalar)})`);
  }
  for (const field of json) {
    // Named after the whole set: two indexes naming the same json field each own (and drop) theirs.
    names.push(quote(indexName(def.name, [...fields, field], 'gin')));
    up.push(`CREATE INDEX ${names[names.length - 1]} ON ${table} USING gin (${quote(field)} jsonb_path_ops)`);
  }
  return { up, down: names.map((name) => `DROP INDEX IF EXISTS ${name}`) };
}

function createTableDdl(def: CollectionDef): StepDdl {
  const table = quote(def.name);
  const cols = [
    `${quote('id')} text NOT NULL`,
    ...Object.entries(def.fields).map(([field, type]) => `${quote(field)} ${COLUMN_TYPE[type]}`),
    ...(def.versioned ? [`${quote('version')} integer NOT NULL`] : []),
    `CONSTRAINT ${quote(indexName(def.name, ['id'], 'pkey'))} PRIMARY KEY (${quote('id')})`,
  ];
  const up = [`CREATE TABLE ${table} (${cols.join(', ')})`];
  for (const set of def.unique ?? []) up.push(...indexDdl(def, set, true).up);
  for (const set of def.indexes ?? []) up.push(...indexDdl(def, set, false).up);
  // purgeExpired deletes by range on the expiry column.
  if (def.expiresAt) {
    up.push(`CREATE INDEX ${quote(indexName(def.name, [def.expiresAt], 'exp'))} ON ${table} (${quote(def.expiresAt)})`);
  }
  return { up, down: [`DROP TABLE IF EXISTS ${table}`] };
}

/**
 * `defs` are the collections as the whole schema leaves them: fields are never retyped or removed,
 * so the final definition tells each step's field types.
 */
export function stepDdl(step: MigrationStep, defs: Map<string, CollectionDef>): StepDdl {
  if ('createCollection' in step) return createTableDdl(step.createCollection);
  if ('addField' in step) {
    const { collection, field, type } = step.addField;
    const table = quote(collection);
    return {
      up: [`ALTER TABLE ${table} ADD COLUMN ${quote(field)} ${COLUMN_TYPE[type]}`],
      down: [`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${quote(field)}`],
    };
  }
  const { collection, fields, unique } = step.addIndex;
  const def = defs.get(collection);
  if (!def) throw new StoreUsageError(`Unknown collection ${collection}`);
  return indexDdl(def, fields, unique === true);
}
