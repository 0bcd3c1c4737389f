import { type AccessCases, ofA, uniq, shippingAddress, orderOf } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  // Checkout: orders are their owner's (support and admin read them); money and sagas are for staff.
  'POST /api/orders': {
    request: async (f) => {
      if (f.me) await f.cast.call('POST', '/cart/items', { sku: f.sku, quantity: 1 }, { token: f.me.token });
      return {
        path: '/orders',
        body: { shippingAddress, paymentToken: 'tok_visa' },
        headers: { 'Idempotency-Key': `m-${uniq()}` },
      };
    },
    expect: [401, 202, 202, 202, 202],
  },
  'GET /api/orders': { request: () => ({ path: '/orders' }), expect: [401, 200, 200, 200, 200] },
  'GET /api/orders/:id': { request: (f) => ({ path: `/orders/${f.orderOfA}` }), expect: [401, 200, 404, 200, 200] },
  'POST /api/orders/:id/cancel': {
    request: async (f) => ({ path: `/orders/${f.me === ofA(f) ? await orderOf(f, ofA(f)) : f.orderOfA}/cancel`, body: {} }),
    expect: [401, 202, 404, 404, 404],
  },
};

export default cases;
