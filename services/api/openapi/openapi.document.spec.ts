import { buildOpenApi, toOpenApiPath, type OpenApiOperation, type RouteInfo } from './openapi.document';

const routes: RouteInfo[] = [
  {
    method: 'PUT',
    fullPath: '/api/me/addresses/:id',
    action: 'users.updateAddress',
    access: 'authenticated',
    params: {
      id: { type: 'uuid' },
      line1: { type: 'string', max: 200, optional: true },
      city: 'string|optional',
      $$strict: true,
    },
  },
  {
    method: 'POST',
    fullPath: '/api/me/addresses',
    action: 'users.addAddress',
    access: 'authenticated',
    summary: 'Add an address',
    params: { line1: { type: 'string', min: 1 }, city: 'string', zip: { type: 'string', default: '' }, $$strict: 'remove' },
  },
  {
    method: 'GET',
    fullPath: '/api/products',
    action: 'products.list',
    access: 'public',
    params: {
      page: { type: 'number', integer: true, min: 1, default: 1 },
      search: 'string|optional',
      status: { type: 'enum', values: ['a', 'b'] },
    },
  },
  { method: '*', fullPath: '/api/products/:id', action: 'products.get', access: 'public' },
  {
    method: 'delete',
    fullPath: '/api/admin/products/:id',
    action: 'products.remove',
    access: { roles: ['admin'] },
    successStatus: 204,
  },
  { method: 'GET', fullPath: '/api/health', action: 'api.health', access: 'public', description: 'Platform health.' },
  { method: 'POST', fullPath: '/api/internal/reindex', action: 'search.reindex', access: 'internal', successStatus: 202 },
];

const doc = buildOpenApi(routes, { title: 'Shop API', version: '1.0.0', description: 'Test' });
const op = (path: string, method: string) => (doc.paths[path] as Record<string, OpenApiOperation>)[method];
const codes = (o: OpenApiOperation) => Object.keys(o.responses).sort();

describe('buildOpenApi', () => {
  it('has the OpenAPI 3.1 document shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'Shop API', version: '1.0.0', description: 'Test' });
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.schemas.Error).toMatchObject({
      required: ['error'],
      properties: { error: { required: ['type', 'message'] } },
    });
    expect(doc.tags).toEqual([{ name: 'api' }, { name: 'products' }, { name: 'search' }, { name: 'users' }]);
    // Every $ref must resolve inside the document.
    for (const ref of JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [])
      expect(ref).toBe('"$ref":"#/components/schemas/Error"');
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
    expect(put.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }]);
    expect(op('/api/products/{id}', 'get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('puts the remaining params of GET/DELETE in the query', () => {
    const list = op('/api/products', 'get');
    expect(list.requestBody).toBeUndefined();
    expect(list.parameters).toEqual([
      { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } },
      { name: 'search', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'status', in: 'query', required: true, schema: { type: 'string', enum: ['a', 'b'] } },
    ]);
  });

  it('puts the remaining params of POST/PUT in a JSON body, required only when a field is', () => {
    const add = op('/api/me/addresses', 'post');
    expect(add.parameters).toBeUndefined();
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
    expect(op('/api/products', 'get').security).toBeUndefined();
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

  it('lists success and error responses by what the operation can fail with', () => {
    expect(codes(op('/api/products', 'get'))).toEqual(['200', '422', '429', '500']);
    expect(codes(op('/api/products/{id}', 'get'))).toEqual(['200', '404', '429', '500']);
    expect(codes(op('/api/me/addresses', 'post'))).toEqual(['201', '401', '422', '429', '500']);
    expect(codes(op('/api/me/addresses/{id}', 'put'))).toEqual(['200', '401', '404', '422', '429', '500']);
    expect(codes(op('/api/admin/products/{id}', 'delete'))).toEqual(['204', '401', '403', '404', '429', '500']);
    expect(codes(op('/api/internal/reindex', 'post'))).toEqual(['202', '401', '403', '429', '500']);
    expect(op('/api/admin/products/{id}', 'delete').responses['204']).toEqual({ description: 'No content' });
    expect(op('/api/products', 'get').responses['422']).toEqual({
      description: expect.any(String),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
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
