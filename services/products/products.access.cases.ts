import { type AccessCases, type Fixture, uniq, asAdmin } from '../../test/security/access-cases';

const newCategory = async (f: Fixture) =>
  (await f.cast.call<{ id: string }>('POST', '/categories', { slug: `cat-${uniq()}`, name: 'Matrix category' }, asAdmin(f))).body
    .id;
const newProduct = async (f: Fixture) =>
  (
    await f.cast.call<{ id: string }>(
      'POST',
      '/products',
      {
        slug: `p-${uniq()}`,
        name: 'Matrix product',
        brand: 'Test',
        status: 'active',
        variants: [{ sku: `M-${uniq().toUpperCase()}`, prices: [{ amount: 500, currency: 'EUR' }] }],
      },
      asAdmin(f),
    )
  ).body.id;

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/products': { request: () => ({ path: '/products' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/products/:id': { request: (f) => ({ path: `/products/${f.productId}` }), expect: [200, 200, 200, 200, 200] },
  'POST /api/products': {
    request: () => ({
      path: '/products',
      body: {
        slug: `new-${uniq()}`,
        name: 'New',
        brand: 'Test',
        variants: [{ sku: `N-${uniq().toUpperCase()}`, prices: [{ amount: 100, currency: 'EUR' }] }],
      },
    }),
    expect: [401, 403, 403, 403, 201],
  },
  'PATCH /api/products/:id': {
    request: async (f) => ({ path: `/products/${await newProduct(f)}`, body: { name: 'Renamed' } }),
    expect: [401, 403, 403, 403, 200],
  },
  'DELETE /api/products/:id': {
    request: async (f) => ({ path: `/products/${await newProduct(f)}` }),
    expect: [401, 403, 403, 403, 204],
  },
  'PUT /api/products/:id/variants/:sku/prices': {
    request: (f) => ({
      path: `/products/${f.productId}/variants/${f.sku}/prices`,
      body: { prices: [{ amount: 1000, currency: 'EUR' }] },
    }),
    expect: [401, 403, 403, 403, 200],
  },
  'GET /api/categories': { request: () => ({ path: '/categories' }), expect: [200, 200, 200, 200, 200] },
  'POST /api/categories': {
    request: () => ({ path: '/categories', body: { slug: `c-${uniq()}`, name: 'C' } }),
    expect: [401, 403, 403, 403, 201],
  },
  'PATCH /api/categories/:id': {
    request: async (f) => ({ path: `/categories/${await newCategory(f)}`, body: { name: 'Renamed' } }),
    expect: [401, 403, 403, 403, 200],
  },
  'DELETE /api/categories/:id': {
    request: async (f) => ({ path: `/categories/${await newCategory(f)}` }),
    expect: [401, 403, 403, 403, 204],
  },
};

export default cases;
