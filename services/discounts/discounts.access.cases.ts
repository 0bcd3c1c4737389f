import { type AccessCases, type Fixture, uniq } from '../../test/security/access-cases';

/** A promotion of its own per cell, made by the admin, for the routes that name one. */
async function promotion(f: Fixture): Promise<string> {
  const made = await f.cast.call<{ id: string }>(
    'POST',
    '/admin/promotions',
    { name: `Matrix ${uniq()}`, actions: [{ type: 'percentage', percent: 5 }] },
    { token: f.cast.admin.token },
  );
  return made.body.id;
}
const read = [401, 403, 403, 200, 200] as [number, number, number, number, number];
const write = (ok: number) => [401, 403, 403, 403, ok] as [number, number, number, number, number];

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'POST /api/admin/promotions': {
    request: () => ({
      path: '/admin/promotions',
      body: { name: `Matrix ${uniq()}`, actions: [{ type: 'percentage', percent: 5 }] },
    }),
    expect: write(201),
  },
  'GET /api/admin/promotions': { request: () => ({ path: '/admin/promotions' }), expect: read },
  'GET /api/admin/promotions/:id': { request: async (f) => ({ path: `/admin/promotions/${await promotion(f)}` }), expect: read },
  'PATCH /api/admin/promotions/:id': {
    request: async (f) => ({ path: `/admin/promotions/${await promotion(f)}`, body: { priority: 2 } }),
    expect: write(200),
  },
  'POST /api/admin/promotions/:id/codes': {
    request: async (f) => ({ path: `/admin/promotions/${await promotion(f)}/codes`, body: { count: 2 } }),
    expect: write(201),
  },
  'GET /api/admin/promotions/:id/codes': {
    request: async (f) => ({ path: `/admin/promotions/${await promotion(f)}/codes` }),
    expect: read,
  },
  'GET /api/admin/promotions/:id/codes/export': {
    request: async (f) => ({ path: `/admin/promotions/${await promotion(f)}/codes/export` }),
    expect: write(200),
  },
  'GET /api/admin/promotions/:id/usage': {
    request: async (f) => ({ path: `/admin/promotions/${await promotion(f)}/usage` }),
    expect: read,
  },
  'GET /api/admin/tax/rates': { request: () => ({ path: '/admin/tax/rates' }), expect: read },
  'PUT /api/admin/tax/rates': {
    request: () => ({ path: '/admin/tax/rates', body: { rates: [{ country: 'US', taxClass: 'standard', rateBps: 825 }] } }),
    expect: write(200),
  },
  'GET /api/admin/tax/settings': { request: () => ({ path: '/admin/tax/settings' }), expect: read },
  'PUT /api/admin/tax/settings': {
    request: () => ({ path: '/admin/tax/settings', body: { inclusiveByCurrency: {} } }),
    expect: write(200),
  },
};

export default cases;
