import { MongoServerError } from 'mongodb';
import { UniqueConflictError } from '../store.errors';
import type { CollectionDef } from '../store.types';
import { uniqueFieldsByIndex } from './mongo.indexes';

const DUPLICATE_KEY = 11000;

/** A duplicate-key error from any write (single, bulk, findAndModify) as the contract's UniqueConflictError; other errors pass through. */
export function mapWriteError(def: CollectionDef, error: unknown, opIndex?: number): unknown {
  if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) return error;
  const index = /index: (\S+) dup key/.exec(error.message)?.[1];
  const fields = index ? uniqueFieldsByIndex(def).get(index) : undefined;
  const pattern: unknown = error.errorResponse.keyPattern;
  const fallback = pattern && typeof pattern === 'object' ? Object.keys(pattern).map((k) => (k === '_id' ? 'id' : k)) : [];
  return new UniqueConflictError(def.name, fields ?? fallback, opIndex);
}

export const isCode = (error: unknown, code: number): boolean => error instanceof MongoServerError && error.code === code;
