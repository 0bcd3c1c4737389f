import type { Doc } from './values';

/** A command failure answered as mongod does: { ok: 0, errmsg, code, codeName, ...extra }. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Doc = {},
  ) {
    super(message);
  }

  toReply(): Doc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const notFound = (ns: string): CommandError => new CommandError(26, 'NamespaceNotFound', `ns not found: ${ns}`);
export const badValue = (message: string): CommandError => new CommandError(2, 'BadValue', message);

/** Duplicate key, shaped like mongod's so drivers and adapters can recover the index and fields. */
export function duplicateKey(ns: string, index: string, keyValue: Doc): CommandError {
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${JSON.stringify(v ?? null)}`)
    .join(', ');
  const keyPattern = Object.fromEntries(Object.keys(keyValue).map((k) => [k, 1]));
  return new CommandError(
    11000,
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${index} dup key: { ${shown} }`,
    {
      keyPattern,
      keyValue,
    },
  );
}

export const asCommandError = (error: unknown): CommandError =>
  error instanceof CommandError
    ? error
    : new CommandError(1, 'InternalError', error instanceof Error ? error.message : String(error));
