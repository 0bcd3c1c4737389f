import { Errors } from 'moleculer';
import { BadCursorError, StoreUsageError } from './store.errors';
import type { Collection, CollectionDef, Doc, ScanOptions, ScanPage } from './store.types';

/**
 * Scan cursors. Every engine's position is the last id read (DynamoDB's last evaluated key is that
 * id too, the tables being keyed by it), so one encoding serves all: base64url of `{"id": …}`.
 * Callers treat it as opaque, which leaves an engine free to change what it holds.
 */
const MAX_ID = 1_024;

export const encodeCursor = (id: string): string => Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');

/** The id a cursor holds; BadCursorError for anything this module did not write. */
export function decodeCursor(def: CollectionDef, cursor: string): string {
  if (/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) {
    try {
      const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (key && typeof key === 'object' && Object.keys(key).length === 1) {
        const { id } = key as { id?: unknown };
        if (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID) return id;
      }
    } catch {
      // Not JSON: falls through to the typed error.
    }
  }
  throw new BadCursorError(def.name);
}

export function checkScanLimit(def: CollectionDef, limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new StoreUsageError(`scan limit on ${def.name} must be a positive integer`);
}

/** Keyset by id over find(): each page one indexed range read (SQL primary key, MongoDB `_id`). */
export async function keysetScan<T extends Doc>(coll: Pick<Collection<T>, 'def' | 'find'>, options: ScanOptions): Promise<ScanPage<T>> {
  checkScanLimit(coll.def, options.limit);
  const after = options.cursor === undefined ? undefined : decodeCursor(coll.def, options.cursor);
  const docs = await coll.find({ ...(after === undefined ? {} : { filter: { id: { $gt: after } } }), sort: ['id'], limit: options.limit });
  return { docs, cursor: docs.length === options.limit ? encodeCursor(docs[docs.length - 1].id) : null };
}

/** The params rule of an action argument that takes a scan cursor. */
export const cursorParam = { type: 'string', min: 1, max: 4_096, pattern: /^[A-Za-z0-9_-]+$/ } as const;

/** The params of a paged export action: `after` (the cursor a page gave) and `limit` (at most `max`). */
export const exportPageParams = (max: number) =>
  ({
    after: { ...cursorParam, optional: true },
    limit: { type: 'number', integer: true, min: 1, max, optional: true, convert: true },
  }) as const;

/** scan() from an action's cursor argument: a cursor the store rejects is the caller's bad input, a 422 naming `field`. */
export async function scanFromParam<T extends Doc>(
  coll: Collection<T>,
  field: string,
  cursor: string | undefined,
  limit: number,
): Promise<ScanPage<T>> {
  try {
    return await coll.scan({ ...(cursor === undefined ? {} : { cursor }), limit });
  } catch (err) {
    if (!(err instanceof BadCursorError)) throw err;
    throw new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [
      { field, message: `${field} is not a cursor this read gave` },
    ]);
  }
}
