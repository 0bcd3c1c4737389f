import { type AccessCases } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/admin/sagas': { request: () => ({ path: '/admin/sagas' }), expect: [401, 403, 403, 200, 200] },
  'GET /api/admin/sagas/:id': { request: (f) => ({ path: `/admin/sagas/${f.orderOfA}` }), expect: [401, 403, 403, 200, 200] },
  // A completed saga has nothing to retry or compensate: the admin gets past the door and hears 409.
  'POST /api/admin/sagas/:id/retry': {
    request: (f) => ({ path: `/admin/sagas/${f.orderOfA}/retry`, body: {} }),
    expect: [401, 403, 403, 403, 409],
  },
  'POST /api/admin/sagas/:id/compensate': {
    request: (f) => ({ path: `/admin/sagas/${f.orderOfA}/compensate`, body: {} }),
    expect: [401, 403, 403, 403, 409],
  },
};

export default cases;
