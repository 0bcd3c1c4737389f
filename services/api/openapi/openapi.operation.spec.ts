import { buildOpenApi } from './openapi.document';
import { codes, doc, op, REQUEST_ID } from './openapi.fixtures';

describe('operation responses and headers', () => {
  it('lists the declared success and every error the route can answer', () => {
    const always = ['401', '429', '500', '503', '504'];
    const sorted = (xs: string[]) => xs.sort((a, b) => Number(a) - Number(b));
    expect(codes(op('/api/products', 'get'))).toEqual(sorted(['200', '422', ...always]));
    expect(codes(op('/api/products/{id}', 'get'))).toEqual(sorted(['200', '404', ...always]));
    const body = ['400', '413', '415', '422'];
    expect(codes(op('/api/me/addresses', 'post'))).toEqual(sorted(['201', ...body, ...always]));
    expect(codes(op('/api/me/addresses/{id}', 'put'))).toEqual(sorted(['200', '404', ...body, ...always]));
    expect(codes(op('/api/admin/products/{id}', 'delete'))).toEqual(sorted(['204', '403', '404', ...always]));
    expect(codes(op('/api/internal/reindex', 'post'))).toEqual(sorted(['202', '403', '409', ...body, ...always]));
    expect(op('/api/admin/products/{id}', 'delete').responses['204']).toEqual({
      description: 'No content',
      headers: { 'X-Request-ID': { $ref: '#/components/headers/X-Request-ID' } },
    });
    expect(op('/api/products', 'get').responses['422']).toEqual({ $ref: '#/components/responses/422' });
    expect(op('/api/internal/reindex', 'post').responses['409']).toMatchObject({
      description: 'Already running',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    expect(doc.components.responses['429']).toMatchObject({ headers: { 'Retry-After': expect.anything() } });
  });

  it('documents the declared success body, with its example; an undeclared one is an empty schema', () => {
    expect(op('/api/internal/reindex', 'post').responses['202']).toMatchObject({
      description: 'Accepted',
      content: {
        'application/json': {
          schema: { type: 'object', properties: { queued: { type: 'integer' } }, required: ['queued'] },
          example: { queued: 3 },
        },
      },
    });
    expect(op('/api/products', 'get').responses['200']).toMatchObject({ content: { 'application/json': { schema: {} } } });
  });

  it('documents the request headers an action reads', () => {
    const d = buildOpenApi(
      [
        {
          method: 'POST',
          fullPath: '/api/orders',
          action: 'orders.place',
          response: { status: 202, headers: ['Idempotency-Key'] },
        },
      ],
      { title: 't', version: '1' },
    );
    expect(d.paths['/api/orders'].post.parameters).toEqual([REQUEST_ID, { $ref: '#/components/parameters/Idempotency-Key' }]);
    expect(d.components.parameters['Idempotency-Key']).toMatchObject({ in: 'header', name: 'Idempotency-Key' });
  });
});
