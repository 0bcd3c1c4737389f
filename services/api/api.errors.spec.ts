import { Errors } from 'moleculer';
import { toErrorResponse } from './api.errors';
import { UniqueConflictError } from '../../mixins/store/store.errors';

describe('toErrorResponse', () => {
  it('turns a validation error into 422 naming each field', () => {
    const err = new Errors.ValidationError('Parameters validation error!', 'VALIDATION_ERROR', [
      { type: 'required', field: 'email', message: "The 'email' field is required." },
    ]);
    expect(toErrorResponse(err)).toEqual({
      status: 422,
      body: {
        error: {
          type: 'VALIDATION_ERROR',
          message: 'Invalid input',
          fields: [{ field: 'email', message: "The 'email' field is required." }],
        },
      },
    });
  });

  it('keeps client errors and their type', () => {
    expect(toErrorResponse(new UniqueConflictError('accounts', ['email']))).toEqual({
      status: 409,
      body: { error: { type: 'UNIQUE_CONFLICT', message: 'A accounts with the same email already exists' } },
    });
    expect(toErrorResponse(new Errors.MoleculerClientError('Product not found', 404, 'NOT_FOUND')).status).toBe(404);
  });

  it('names the quote of a quote conflict and the one field a refusal is about, and nothing else of its data', () => {
    const stale = new Errors.MoleculerClientError('The cart changed', 409, 'SHIPPING_QUOTE_STALE', {
      quoteId: 'q_1',
      why: 'changed',
      secret: 'x',
    });
    expect(toErrorResponse(stale).body.error).toEqual({ type: 'SHIPPING_QUOTE_STALE', message: 'The cart changed', quoteId: 'q_1' });
    const unserved = new Errors.MoleculerClientError('No method', 409, 'SHIPPING_UNAVAILABLE', { field: 'shippingAddress.country' });
    expect(toErrorResponse(unserved).body.error.field).toBe('shippingAddress.country');
    const odd = new Errors.MoleculerClientError('No', 409, 'CONFLICT', { field: '<script>', quoteId: 5 });
    expect(toErrorResponse(odd).body.error).toEqual({ type: 'CONFLICT', message: 'No' });
  });

  it('hides internals of unknown and server errors', () => {
    const internal = new Error('duplicate key value violates unique constraint "pk_x" at /srv/app.js:10');
    expect(toErrorResponse(internal)).toEqual({
      status: 500,
      body: { error: { type: 'INTERNAL_ERROR', message: 'Internal server error' } },
    });
    expect(JSON.stringify(toErrorResponse(new Errors.MoleculerServerError('pg: password auth failed', 500, 'DB')))).not.toMatch(
      /pg|password/,
    );
  });

  it('reports missing services as a retryable 503 without naming them', () => {
    const res = toErrorResponse(new Errors.ServiceNotFoundError({ action: 'secret.internal' }));
    expect(res.status).toBe(503);
    expect(res.body.error.retryable).toBe(true);
    expect(JSON.stringify(res)).not.toMatch(/secret/);
  });
});

describe('toErrorResponse for unknown fields', () => {
  it('names each unknown key of a strict object as its own field', async () => {
    const { default: Validator } = await import('fastest-validator');
    const check = new Validator().compile({
      name: 'string',
      address: { type: 'object', strict: true, props: { city: 'string' } },
      $$strict: true,
    });
    const errors = check({ name: 'A', role: 'admin', isAdmin: true, address: { city: 'B', zip: 1 } }) as never[];
    const res = toErrorResponse(new Errors.ValidationError('Parameters validation error!', 'VALIDATION_ERROR', errors));
    expect(res.body.error.fields!.map((f) => f.field).sort()).toEqual(['address.zip', 'isAdmin', 'role']);
  });
});

describe('toErrorResponse for transport and abuse errors', () => {
  it('maps body-parser failures to their status without quoting the payload', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token } in JSON at position 7: {"pw":"hunter2"}'), {
      status: 400,
      type: 'entity.parse.failed',
      expose: true,
    });
    expect(toErrorResponse(parse)).toEqual({
      status: 400,
      body: { error: { type: 'BAD_REQUEST', message: 'The body is not valid JSON' } },
    });
    const big = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });
    expect(toErrorResponse(big).status).toBe(413);
  });

  it('carries retryAfter of a 429 for the Retry-After header', () => {
    const err = new Errors.MoleculerClientError('Too many attempts', 429, 'RATE_LIMITED', { retryAfter: 41.2 });
    expect(toErrorResponse(err)).toMatchObject({ status: 429, retryAfter: 42, body: { error: { type: 'RATE_LIMITED' } } });
  });

  it('never uses a lowercase or odd error type as the public type', () => {
    expect(toErrorResponse(new Errors.MoleculerClientError('Nope', 400, 'some.internal-type')).body.error.type).toBe(
      'BAD_REQUEST',
    );
  });
});
