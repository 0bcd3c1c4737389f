import { type AccessCases } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/admin/audit': { request: () => ({ path: '/admin/audit' }), expect: [401, 403, 403, 403, 200] },
  'GET /api/admin/dead-letters/:service': {
    request: () => ({ path: '/admin/dead-letters/users' }),
    expect: [401, 403, 403, 403, 200],
  },
  // No dead letter has this id: the admin is let through and told so.
  'GET /api/admin/dead-letters/:service/:id': {
    request: () => ({ path: '/admin/dead-letters/users/no-such-letter' }),
    expect: [401, 403, 403, 403, 404],
  },
  'POST /api/admin/dead-letters/:service/:id/replay': {
    request: () => ({ path: '/admin/dead-letters/users/no-such-letter/replay', body: {} }),
    expect: [401, 403, 403, 403, 404],
  },
};

export default cases;
