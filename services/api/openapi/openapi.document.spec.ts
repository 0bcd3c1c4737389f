import { buildOpenApi, toOpenApiPath } from './openapi.document';
import { doc, op, REQUEST_ID, routes } from './openapi.fixtures';

describe('buildOpenApi', () => {
  it('has the OpenAPI 3.1 document shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({
      title: 'Shop API',
      version: '1.0.0',
      description: 'Test',
      license: { name: 'MIT', identifier: 'MIT' },
    });
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.schemas.Error).toMatchObject({
      required: ['error'],
      properties: { error: { required: ['type', 'message'] } },
    });
    expect(doc.tags.map((t) => t.name)).toEqual(['api', 'products', 'search', 'users']);
    // Every $ref must resolve inside the document.
    for (const [, ref] of JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = ref.split('/').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], doc);
      expect([ref, target]).toEqual([ref, expect.anything()]);
    }
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('emits sorted templated paths with methods in a fixed order', () => {
    expect(Object.keys(doc.paths)).toEqual([
      '/api/admin/products/{id}',
      '/api/health',
      '/api/internal/reindex',
      '/api/me/addresses',
      '/api/me/addresses/{id}',
      '/api/products',
      '/api/products/{id}',
    ]);
    const twoMethods = buildOpenApi(
      [
        { method: 'post', fullPath: '/api/x', action: 'x.create', access: 'public' },
        { method: 'GET', fullPath: '/api/x', action: 'x.list', access: 'public' },
      ],
      { title: 't', version: '1' },
    );
    expect(Object.keys(twoMethods.paths['/api/x'])).toEqual(['get', 'post']);
    expect(
      JSON.stringify(buildOpenApi([...routes].reverse(), { title: 'Shop API', version: '1.0.0', description: 'Test' })),
    ).toBe(JSON.stringify(doc));
  });

  it('turns path placeholders into path parameters with the rule schema, else string', () => {
    expect(toOpenApiPath('api//products/')).toEqual({ path: '/api/products', names: [] });
    expect(toOpenApiPath('/')).toEqual({ path: '/', names: [] });
    expect(toOpenApiPath('/api/files/:bucket/*rest')).toEqual({ path: '/api/files/{bucket}/{rest}', names: ['bucket', 'rest'] });
    const put = op('/api/me/addresses/{id}', 'put');
    expect(put.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      REQUEST_ID,
    ]);
    expect(op('/api/products/{id}', 'get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      REQUEST_ID,
    ]);
  });

  it('puts the remaining params of GET/DELETE in the query', () => {
    const list = op('/api/products', 'get');
    expect(list.requestBody).toBeUndefined();
    expect(list.parameters).toEqual([
      { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } },
      { name: 'search', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'status', in: 'query', required: true, schema: { type: 'string', enum: ['a', 'b'] } },
      REQUEST_ID,
    ]);
  });

  it('puts the remaining params of POST/PUT in a JSON body, required only when a field is', () => {
    const add = op('/api/me/addresses', 'post');
    expect(add.parameters).toEqual([REQUEST_ID]);
    expect(add.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              line1: { type: 'string', minLength: 1 },
              city: { type: 'string' },
              zip: { type: 'string', default: '' },
            },
            required: ['line1', 'city'],
            additionalProperties: false,
          },
        },
      },
    });
    const update = op('/api/me/addresses/{id}', 'put');
    expect(update.requestBody?.required).toBe(false);
    const body = update.requestBody!.content['application/json'].schema;
    expect(Object.keys(body.properties as object)).toEqual(['line1', 'city']);
    expect(body).not.toHaveProperty('required');
    expect(op('/api/internal/reindex', 'post').requestBody).toBeUndefined();
  });

  it('names, tags and summarises operations after the action', () => {
    const add = op('/api/me/addresses', 'post');
    expect([add.operationId, add.tags, add.summary]).toEqual(['users.addAddress', ['users'], 'Add an address']);
    const health = op('/api/health', 'get');
    expect([health.operationId, health.summary]).toEqual(['api.health', 'api.health']);
    expect(health.description).toBe('Platform health.\n\nAccess: public, no authentication.');
  });

  it('secures every non-public operation with bearerAuth and describes the access rule', () => {
    // Public: anonymous, or with a token (which is then checked).
    expect(op('/api/products', 'get').security).toEqual([{}, { bearerAuth: [] }]);
    expect(op('/api/products', 'get')['x-access']).toBe('public');
    expect(op('/api/me/addresses', 'post').security).toEqual([{ bearerAuth: [] }]);
    expect(op('/api/me/addresses', 'post')['x-access']).toBe('authenticated');
    const remove = op('/api/admin/products/{id}', 'delete');
    expect(remove.security).toEqual([{ bearerAuth: [] }]);
    expect(remove['x-access']).toEqual({ roles: ['admin'] });
    expect(remove.description).toContain('roles: admin');
    expect(op('/api/internal/reindex', 'post')['x-access']).toBe('internal');
    expect(op('/api/internal/reindex', 'post').security).toEqual([{ bearerAuth: [] }]);
  });

  it('keeps operationIds unique and the first of duplicate routes', () => {
    const d = buildOpenApi(
      [
        { method: 'GET', fullPath: '/api/a', action: 'x.get', access: 'public' },
        { method: 'GET', fullPath: '/api/b', action: 'x.get', access: 'public' },
        { method: 'GET', fullPath: '/api/b', action: 'y.get', access: 'public' },
      ],
      { title: 't', version: '1' },
    );
    expect(d.paths['/api/a'].get.operationId).toBe('x.get');
    expect(d.paths['/api/b'].get.operationId).toBe('x.get_2');
  });

  it('treats a route without an access rule as authenticated', () => {
    const d = buildOpenApi([{ method: 'GET', fullPath: '/api/a', action: 'x.a' }], { title: 't', version: '1' });
    expect(d.paths['/api/a'].get.security).toEqual([{ bearerAuth: [] }]);
  });
});
