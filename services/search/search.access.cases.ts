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
  // A rebuild started by the admin cell runs in the background; the status of an unknown job is 404 even for admins.
  'POST /api/admin/search/reindex': {
    request: () => ({ path: '/admin/search/reindex', body: {} }),
    expect: [401, 403, 403, 403, 202],
  },
  'GET /api/admin/search/reindex/:id': {
    request: () => ({ path: '/admin/search/reindex/no-such-job' }),
    expect: [401, 403, 403, 403, 404],
  },
  'POST /api/admin/search/repair': {
    request: () => ({ path: '/admin/search/repair', body: {} }),
    expect: [401, 403, 403, 403, 200],
  },
};

export default cases;
