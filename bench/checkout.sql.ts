import type { CollectionDef, FieldType } from '../mixins/store/store.types';
import { COLUMN_TYPE, quote } from '../mixins/store/postgres/postgres.codec';
import { ROW_BYTES, type Op } from './checkout.plan';

/**
 * The floor's statements: plain parameterised INSERT / UPDATE / DELETE per planned write, on the
 * platform's tables (their definitions come from the stores' own schemas), with values padded to
 * the row sizes the platform wrote. Versioned rows are updated against the version the order last
 * wrote, as the services' expectVersion does.
 */

export type Statement = (order: Order) => { text: string; values: unknown[] };
export type Order = { id: string; cart: string; sku: string; versions: Map<string, number> };

/** Rough on-disk bytes per value, to pad rows to ROW_BYTES: a 24-byte header, then each column. */
const WIDTH: Record<FieldType, number> = { string: 46, int: 8, bool: 1, timestamp: 8, json: 24 };

/** Strings carry the row's id, so unique field sets (sku + warehouse, customer + key) hold. */
function value(type: FieldType, pad: number, id: string): unknown {
  if (type === 'json') return JSON.stringify({ v: 'x'.repeat(pad) });
  if (type === 'string') return `${id}${'x'.repeat(pad)}`;
  if (type === 'timestamp') return new Date().toISOString();
  return type === 'bool' ? true : 1999;
}

/** Values for `fields` of `def`, the padding in the first json (else string) field so the row nears its size. */
function values(def: CollectionDef, fields: string[], id: string): unknown[] {
  const target = ROW_BYTES[def.name] ?? 200;
  const used = 24 + 40 + fields.reduce((n, f) => n + WIDTH[def.fields[f]], 0);
  const padded = fields.find((f) => def.fields[f] === 'json') ?? fields.find((f) => def.fields[f] === 'string');
  return fields.map((f) => value(def.fields[f], f === padded ? Math.max(0, target - used) : 0, id));
}

export function compile(op: Op, defs: Map<string, CollectionDef>): Statement {
  const table = 'stock' in op ? 'stock' : 'ins' in op ? op.ins : 'upd' in op ? op.upd : op.del;
  const def = defs.get(table);
  if (!def) throw new Error(`the plan names ${table}, which its store does not have`);
  const cast = (f: string, i: number) => `$${i}::${COLUMN_TYPE[def.fields[f]]}`;
  const rowId = (o: Order, row: string) => (row === 'cart' ? o.cart : `${o.id}:${row}`);
  if ('stock' in op) {
    const change =
      op.stock === 'reserve' ? '"reserved" = "reserved" + 1' : '"onHand" = "onHand" - 1, "reserved" = "reserved" - 1';
    const guard = op.stock === 'reserve' ? ' AND "onHand" - "reserved" >= 1' : '';
    const text = `UPDATE "stock" SET ${change}, "version" = "version" + 1 WHERE "id" = $1${guard}`;
    return (o) => ({ text, values: [o.sku] });
  }
  if ('del' in op) return (o) => ({ text: `DELETE FROM ${quote(table)} WHERE "id" = $1`, values: [rowId(o, op.row)] });
  const fields = 'ins' in op ? Object.keys(def.fields) : op.set;
  const unknown = fields.filter((f) => !def.fields[f]);
  if (unknown.length) throw new Error(`${table} has no field ${unknown.join(', ')}`);
  if ('ins' in op) {
    const cols = ['id', ...fields, ...(def.versioned ? ['version'] : [])].map(quote).join(', ');
    const params = ['$1', ...fields.map((f, i) => cast(f, i + 2)), ...(def.versioned ? ['1'] : [])].join(', ');
    const text = `INSERT INTO ${quote(table)} (${cols}) VALUES (${params})`;
    return (o) => {
      if (def.versioned) o.versions.set(op.row, 1);
      const id = rowId(o, op.row);
      return { text, values: [id, ...values(def, fields, id)] };
    };
  }
  const set = fields.map((f, i) => `${quote(f)} = ${cast(f, i + 2)}`);
  const versionAt = fields.length + 2;
  const text = def.versioned
    ? `UPDATE ${quote(table)} SET ${set.join(', ')}, "version" = "version" + 1 WHERE "id" = $1 AND "version" = $${versionAt}`
    : `UPDATE ${quote(table)} SET ${set.join(', ')} WHERE "id" = $1`;
  return (o) => {
    const version = o.versions.get(op.row);
    if (def.versioned) o.versions.set(op.row, version! + 1);
    const id = rowId(o, op.row);
    return { text, values: [id, ...values(def, fields, id), ...(def.versioned ? [version] : [])] };
  };
}
