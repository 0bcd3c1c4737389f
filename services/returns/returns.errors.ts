import { Errors } from 'moleculer';
import type { ReturnFieldError } from './returns.contract';

/** The returns service's refusals, each a client error naming what it refuses. */

/** 422 naming each bad field (`lines[0].quantity`, `order`, `resolution`), as the validator's own errors do. */
export const invalid = (what: string, errors: ReturnFieldError[]) =>
  new Errors.ValidationError(
    `Invalid ${what}: ${errors.map((e) => `${e.field} (${e.message})`).join('; ')}`,
    'VALIDATION_ERROR',
    errors.map((e) => ({ type: e.code, field: e.field, message: e.message, ...(e.data ?? {}) })),
  );

/** 409 naming the field (in the message, which the gateway keeps) the return's current state refuses. */
export const conflict = (code: string, field: string, message: string) =>
  new Errors.MoleculerClientError(`${field}: ${message}`, 409, code, { field });

export const returnNotFound = () => new Errors.MoleculerClientError('Return not found', 404, 'NOT_FOUND');

/** Too many writers moved the same return while this one retried: the caller tries again. */
export const tooBusy = () => new Errors.MoleculerRetryableError('The return is busy; try again', 503, 'RETURN_BUSY');
