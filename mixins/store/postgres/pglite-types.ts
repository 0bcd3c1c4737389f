/**
 * Postgres text values to JS values the way `pg`'s default type parsers do, for the types this store
 * and TypeORM's migration bookkeeping read. int8 and numeric stay strings (as in `pg`), so PGlite and
 * the server hand the collection code identical rows.
 */

const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  timestamptz: 1184,
  jsonb: 3802,
} as const;

// ISO DateStyle output: `2023-11-14 22:13:20.123456+00`, offset possibly `+05:30` or `+05:30:15`.
const TIMESTAMPTZ = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

function parseTimestamptz(text: string): Date | string {
  const m = TIMESTAMPTZ.exec(text);
  // infinity, BC and five-digit years: left as text, which `pg` would not turn into a usable Date either.
  if (!m) return text;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offH, offM = '0', offS = '0'] = m;
  // Date.parse of the ISO form, not Date.UTC, which would read years below 100 as 19xx.
  const wall = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}Z`);
  const offset = (Number(offH) * 3600 + Number(offM) * 60 + Number(offS)) * 1000;
  return new Date(sign === '+' ? wall - offset : wall + offset);
}

const PARSERS: Record<number, (text: string) => unknown> = {
  [OID.bool]: (text) => text === 't',
  [OID.int2]: Number,
  [OID.int4]: Number,
  [OID.oid]: Number,
  [OID.float4]: Number,
  [OID.float8]: Number,
  [OID.json]: (text) => JSON.parse(text),
  [OID.jsonb]: (text) => JSON.parse(text),
  [OID.timestamptz]: parseTimestamptz,
};

/** Rows of Postgres text, parsed per column type; unknown types (int8 included) stay text. */
export function parseRows(
  rows: Record<string, string | null>[],
  fields: { name: string; dataTypeID: number }[],
): Record<string, unknown>[] {
  const parsers = fields.map((f) => [f.name, PARSERS[f.dataTypeID]] as const).filter(([, parse]) => parse !== undefined);
  if (parsers.length === 0) return rows;
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [name, parse] of parsers) {
      const value = row[name];
      if (value !== null && value !== undefined) out[name] = parse(value);
    }
    return out;
  });
}

/** Mirrors `pg`'s prepareValue for the values this store and TypeORM send: everything goes as text. */
export function toPgParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
