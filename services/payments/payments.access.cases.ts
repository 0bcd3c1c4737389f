import { type AccessCases } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/payments/:orderId': { request: (f) => ({ path: `/payments/${f.orderOfA}` }), expect: [401, 403, 403, 200, 200] },
  'POST /api/payments/reconcile': {
    request: () => ({ path: '/payments/reconcile', body: {} }),
    expect: [401, 403, 403, 403, 200],
  },
  // Provider callbacks carry no user: the signature is the credential (none here, so 400 for everyone).
  'POST /api/payments/webhooks/sandbox': {
    request: () => ({
      path: '/payments/webhooks/sandbox',
      body: { id: 'evt_1', type: 'charge.refunded', providerRef: 'ch_1', created: Math.floor(Date.now() / 1000) },
    }),
    expect: [400, 400, 400, 400, 400],
  },
};

export default cases;
