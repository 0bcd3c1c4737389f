import { ObjectId } from 'bson';
import { update as applyOperators } from 'mingo';
import { badValue, CommandError } from './errors';
import { deepClone } from './storage';
import { isDoc, type Doc } from './values';

type Modifier = Parameters<typeof applyOperators>[1];

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$min',
  '$max',
  '$mul',
  '$rename',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$currentDate',
  '$setOnInsert',
]);

function parseUpdate(u: unknown): { replacement: Doc | null; operators: Doc } {
  if (Array.isArray(u)) throw new CommandError(9, 'FailedToParse', 'Pipeline-style updates are not supported by the stand-in');
  if (!isDoc(u)) throw badValue('The update must be a document');
  const keys = Object.keys(u);
  if (!keys.some((k) => k.startsWith('$'))) return { replacement: u, operators: {} };
  const unknown = keys.find((k) => !OPERATORS.has(k));
  if (unknown) throw new CommandError(9, 'FailedToParse', `Unknown modifier: ${unknown}. Expected a valid update modifier`);
  return { replacement: null, operators: u };
}

function applyTo(doc: Doc, operators: Doc, inserting: boolean, arrayFilters: Doc[] | undefined): Doc {
  const { $setOnInsert, ...ops } = operators;
  // mingo has no $setOnInsert; on insert it is just more $set, otherwise it does nothing.
  if (inserting && isDoc($setOnInsert)) ops.$set = { ...(isDoc(ops.$set) ? ops.$set : {}), ...$setOnInsert };
  const after = deepClone(doc);
  if (Object.keys(ops).length > 0) applyOperators(after, ops as Modifier, arrayFilters);
  return after;
}

/** The stored document as `u` (operators or a replacement) would leave it. */
export function modified(before: Doc, u: unknown, arrayFilters?: Doc[]): Doc {
  const { replacement, operators } = parseUpdate(u);
  if (replacement) return { _id: before._id, ...deepClone(replacement) };
  return applyTo(before, operators, false, arrayFilters);
}

/** The document an upsert inserts: the query's equality fields, then the update, then a generated _id if needed. */
export function upserted(query: Doc, u: unknown, arrayFilters?: Doc[]): Doc {
  const { replacement, operators } = parseUpdate(u);
  const seed: Doc = {};
  for (const [field, value] of Object.entries(query)) {
    if (field.startsWith('$') || field.includes('.')) continue;
    if (isDoc(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      if ('$eq' in value) seed[field] = value.$eq;
      continue;
    }
    seed[field] = value;
  }
  const doc = replacement ? deepClone(replacement) : applyTo(seed, operators, true, arrayFilters);
  const id = doc._id ?? seed._id ?? new ObjectId();
  return { _id: id, ...doc };
}
