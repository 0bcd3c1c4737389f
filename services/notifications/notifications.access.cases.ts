import { type AccessCases } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/notifications/templates': {
    request: () => ({ path: '/notifications/templates' }),
    expect: [401, 403, 403, 403, 200],
  },
  'POST /api/notifications/templates': {
    request: () => ({
      path: '/notifications/templates',
      body: { key: 'order-shipped', channel: 'email', subject: 'Shipped', body: 'Your order {{orderId}} is on its way.' },
    }),
    expect: [401, 403, 403, 403, 201],
  },
  'GET /api/notifications/deliveries': {
    request: () => ({ path: '/notifications/deliveries' }),
    expect: [401, 403, 403, 200, 200],
  },
};

export default cases;
