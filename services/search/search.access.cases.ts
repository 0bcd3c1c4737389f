import type { AccessCases } from '../../test/security/access-cases';

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'GET /api/search': { request: () => ({ path: '/search?q=phone' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/admin/search/synonyms': { request: () => ({ path: '/admin/search/synonyms' }), expect: [401, 403, 403, 403, 200] },
  'PUT /api/admin/search/synonyms': {
    // Every cell writes the same list, so cells cannot disturb each other.
    request: () => ({ path: '/admin/search/synonyms', body: { synonyms: { tee: ['t-shirt'] } } }),
    expect: [401, 403, 403, 403, 200],
  },
};

export default cases;
