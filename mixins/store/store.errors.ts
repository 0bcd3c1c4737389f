import { Errors } from 'moleculer';

/**
 * Typed store errors. They extend Moleculer's client errors so they cross the transporter with
 * their type intact and the gateway answers 409 rather than 500.
 */
export class UniqueConflictError extends Errors.MoleculerClientError {
  constructor(collection: string, fields: string[], opIndex?: number) {
    super(`A ${collection} with the same ${fields.join(', ')} already exists`, 409, 'UNIQUE_CONFLICT', {
      collection,
      fields,
      opIndex,
    });
  }
}

export class VersionConflictError extends Errors.MoleculerClientError {
  constructor(collection: string, id: string, expected: number, opIndex?: number) {
    super(`${collection} ${id} was changed by someone else (expected version ${expected})`, 409, 'VERSION_CONFLICT', {
      collection,
      id,
      expected,
      opIndex,
    });
  }
}

/** An atomic unit failed because an op's condition (or the document's existence) did not hold. */
export class ConditionFailedError extends Errors.MoleculerClientError {
  constructor(collection: string, id: string, opIndex: number) {
    super(`Condition failed on ${collection} ${id}`, 409, 'CONDITION_FAILED', { collection, id, opIndex });
  }
}

/** A scan cursor that is not one the store gave (tampered with, truncated): bad input, not a bug. */
export class BadCursorError extends Errors.MoleculerClientError {
  constructor(collection: string) {
    super(`Not a cursor of ${collection}`, 422, 'BAD_CURSOR', { collection });
  }
}

/** The schema or a call broke the contract (unknown collection or field, wrong type). A bug, not bad input. */
export class StoreUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUsageError';
  }
}

/** A store could not be reached (restarting, connection lost): retryable, answered 503. */
export class StoreUnavailableError extends Errors.MoleculerRetryableError {
  constructor() {
    super('A data store is unavailable; try again shortly', 503, 'STORE_UNAVAILABLE');
  }
}
