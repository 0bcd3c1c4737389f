import { type AccessCases } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/health': { request: () => ({ path: '/health' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/openapi.json': { request: () => ({ path: '/openapi.json' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/docs': { request: () => ({ path: '/docs' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/docs/:asset': { request: () => ({ path: '/docs/swagger-ui.css' }), expect: [200, 200, 200, 200, 200] },
};

export default cases;
