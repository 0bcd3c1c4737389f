import { StoreUsageError } from '../store.errors';
import { fieldType } from '../store.schema';
import type { CollectionDef, Doc, FieldType } from '../store.types';

/** Column type per neutral field type; `id` is text and `version` integer. */
export const COLUMN_TYPE: Record<FieldType, string> = {
  string: 'text',
  int: 'bigint',
  bool: 'boolean',
  json: 'jsonb',
  timestamp: 'timestamptz',
};

// Timestamps travel as ISO strings, which have four-digit years, and PostgreSQL has no year 0:
// 0001-01-01T00:00:00.000Z through 9999-12-31T23:59:59.999Z.
const MIN_TIMESTAMP = -62_135_596_800_000;
const MAX_TIMESTAMP = 253_402_300_799_999;

export interface Sql {
  text: string;
  params: unknown[];
}

export const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** Collects positional parameters so values never enter the SQL text. */
export class Params {
  readonly values: unknown[] = [];

  /** `$n`, cast to the column type when given so both drivers agree on the parameter's type. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }

  sql(text: string): Sql {
    return { text, params: this.values };
  }
}

export function isTimestamp(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= MIN_TIMESTAMP && (value as number) <= MAX_TIMESTAMP;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Type of a top-level document key, rejecting dotted paths (documents are flat). */
export function topFieldType(def: CollectionDef, field: string): FieldType {
  if (field.includes('.')) throw new StoreUsageError(`${def.name}: field names cannot contain dots (${field})`);
  return fieldType(def, field);
}

/**
 * Checks a non-null value against its field type and gives its JSON form: what a json parameter or a
 * `jsonb_to_recordset` row carries. Timestamps become ISO strings, which PostgreSQL parses exactly.
 */
export function encodeValue(def: CollectionDef, field: string, value: unknown): unknown {
  const type = topFieldType(def, field);
  const ok =
    (type === 'string' && typeof value === 'string') ||
    (type === 'int' && Number.isSafeInteger(value)) ||
    (type === 'bool' && typeof value === 'boolean') ||
    (type === 'timestamp' && isTimestamp(value)) ||
    (type === 'json' && JSON.stringify(value) !== undefined);
  if (!ok) throw new StoreUsageError(`${def.name}.${field} expects ${type}, got ${describe(value)}`);
  return type === 'timestamp' ? new Date(value as number).toISOString() : value;
}

/** A bound parameter for `field`, with its cast: `"col" = $n::type`. */
export function valueParam(def: CollectionDef, field: string, value: unknown, params: Params): string {
  const type = topFieldType(def, field);
  const encoded = encodeValue(def, field, value);
  return params.add(type === 'json' ? JSON.stringify(encoded) : encoded, COLUMN_TYPE[type]);
}

/** The JSON row for an insert: columns by name, null and undefined left out (absent = NULL). */
export function encodeDoc(def: CollectionDef, doc: Doc): Record<string, unknown> {
  if (typeof doc?.id !== 'string' || doc.id === '') throw new StoreUsageError(`${def.name}: a document needs a string id`);
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(doc)) {
    // `version` is managed: a document read earlier may carry one, the store sets it to 1 regardless.
    if (field === 'version' && def.versioned) continue;
    if (value === null || value === undefined) {
      topFieldType(def, field);
      continue;
    }
    row[field] = encodeValue(def, field, value);
  }
  return row;
}

function decodeValue(type: FieldType, value: unknown): unknown {
  switch (type) {
    case 'int':
      return Number(value);
    case 'timestamp':
      return value instanceof Date ? value.getTime() : Date.parse(String(value));
    default:
      return value;
  }
}

/** A row back into a document: numbers for int8 and timestamps, NULL columns omitted. */
export function decodeRow<T extends Doc>(def: CollectionDef, row: Record<string, unknown>): T {
  const doc: Record<string, unknown> = { id: String(row.id) };
  for (const [field, type] of Object.entries(def.fields)) {
    const value = row[field];
    if (value !== null && value !== undefined) doc[field] = decodeValue(type, value);
  }
  if (def.versioned) doc.version = Number(row.version);
  return doc as T;
}
