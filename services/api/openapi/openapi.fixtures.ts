import { buildOpenApi, type OpenApiOperation, type RouteInfo } from './openapi.document';

/** A small route table shared by the document specs. */

export const routes: RouteInfo[] = [
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
    response: { status: 204 },
  },
  { method: 'GET', fullPath: '/api/health', action: 'api.health', access: 'public', description: 'Platform health.' },
  {
    method: 'POST',
    fullPath: '/api/internal/reindex',
    action: 'search.reindex',
    access: 'internal',
    response: { status: 202, schema: { queued: 'number|integer' }, example: { queued: 3 }, errors: { 409: 'Already running' } },
  },
];

export const doc = buildOpenApi(routes, { title: 'Shop API', version: '1.0.0', description: 'Test' });
export const op = (path: string, method: string) => (doc.paths[path] as Record<string, OpenApiOperation>)[method];
export const codes = (o: OpenApiOperation) => Object.keys(o.responses);
export const REQUEST_ID = { $ref: '#/components/parameters/X-Request-ID' };
