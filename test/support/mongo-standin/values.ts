import { Long } from 'bson';
import { badValue } from './errors';

/** A decoded BSON document; commands narrow its fields through the helpers below. */
export type Doc = Record<string, unknown>;

export const isDoc = (value: unknown): value is Doc =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

export function docArg(command: Doc, key: string): Doc | undefined {
  const value = command[key];
  if (value === undefined || value === null) return undefined;
  if (!isDoc(value)) throw badValue(`${key} must be a document`);
  return value;
}

export function docsArg(command: Doc, key: string): Doc[] {
  const value = command[key] ?? [];
  if (!Array.isArray(value) || !value.every(isDoc)) throw badValue(`${key} must be an array of documents`);
  return value;
}

export function strArg(command: Doc, key: string): string {
  const value = command[key];
  if (typeof value !== 'string') throw badValue(`${key} must be a string`);
  return value;
}

export function numArg(command: Doc, key: string): number | undefined {
  const value = command[key];
  if (typeof value === 'number') return value;
  if (value instanceof Long) return value.toNumber();
  return undefined;
}

/** Sort specs arrive as { field: 1 | -1 }; anything else is rejected like mongod does. */
export function sortArg(command: Doc, key: string): Record<string, 1 | -1> | undefined {
  const spec = docArg(command, key);
  if (!spec) return undefined;
  const out: Record<string, 1 | -1> = {};
  for (const [field, dir] of Object.entries(spec)) {
    if (dir !== 1 && dir !== -1) throw badValue(`bad sort specification for ${field}`);
    out[field] = dir;
  }
  return out;
}
