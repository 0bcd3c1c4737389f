import { type AccessCases, uniq } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/inventory/:sku': { request: (f) => ({ path: `/inventory/${f.sku}` }), expect: [200, 200, 200, 200, 200] },
  'GET /api/inventory/:sku/movements': {
    request: (f) => ({ path: `/inventory/${f.sku}/movements` }),
    expect: [401, 403, 403, 200, 200],
  },
  'POST /api/inventory/receipts': {
    request: (f) => ({ path: '/inventory/receipts', body: { sku: f.sku, warehouse: 'main', quantity: 1, ref: `po-${uniq()}` } }),
    expect: [401, 403, 403, 403, 201],
  },
  'POST /api/inventory/adjustments': {
    request: (f) => ({
      path: '/inventory/adjustments',
      body: { sku: f.sku, warehouse: 'main', delta: 1, reason: 'adjustment', note: 'recount' },
    }),
    expect: [401, 403, 403, 403, 201],
  },
  'PUT /api/inventory/:sku/warehouses/:warehouse/settings': {
    request: (f) => ({ path: `/inventory/${f.sku}/warehouses/main/settings`, body: { reorderPoint: 2 } }),
    expect: [401, 403, 403, 403, 200],
  },
  'GET /api/inventory/orders/:orderId/reservations': {
    request: (f) => ({ path: `/inventory/orders/${f.orderId}/reservations` }),
    expect: [401, 403, 403, 200, 200],
  },
};

export default cases;
