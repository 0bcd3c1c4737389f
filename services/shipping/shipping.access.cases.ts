import { type AccessCases, type Fixture, uniq } from '../../test/security/access-cases';

/**
 * A zone (and a method in it) of its own per cell, made by the admin, for the routes that name one.
 * Inactive: an active zone would make the matrix's own checkouts need a shipping quote.
 */
async function zone(f: Fixture): Promise<string> {
  const made = await f.cast.call<{ id: string }>(
    'POST',
    '/admin/shipping/zones',
    { name: `Matrix ${uniq()}`, countries: ['US'], active: false },
    { token: f.cast.admin.token },
  );
  return made.body.id;
}
async function method(f: Fixture): Promise<string> {
  const made = await f.cast.call<{ id: string }>('POST', '/admin/shipping/methods', standard(await zone(f)), {
    token: f.cast.admin.token,
  });
  return made.body.id;
}
const standard = (zoneId: string) => ({
  zoneId,
  name: `Standard ${uniq()}`,
  rateCard: { type: 'flat', amount: { amount: 500, currency: 'USD' } },
});
const read = [401, 403, 403, 200, 200] as [number, number, number, number, number];
const write = (ok: number) => [401, 403, 403, 403, ok] as [number, number, number, number, number];

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'POST /api/admin/shipping/zones': {
    request: () => ({ path: '/admin/shipping/zones', body: { name: `Matrix ${uniq()}`, countries: ['DE'], active: false } }),
    expect: write(201),
  },
  'GET /api/admin/shipping/zones': { request: () => ({ path: '/admin/shipping/zones' }), expect: read },
  'GET /api/admin/shipping/zones/:id': {
    request: async (f) => ({ path: `/admin/shipping/zones/${await zone(f)}` }),
    expect: read,
  },
  'PATCH /api/admin/shipping/zones/:id': {
    request: async (f) => ({ path: `/admin/shipping/zones/${await zone(f)}`, body: { regions: ['CA'] } }),
    expect: write(200),
  },
  'DELETE /api/admin/shipping/zones/:id': {
    request: async (f) => ({ path: `/admin/shipping/zones/${await zone(f)}` }),
    expect: write(200),
  },
  'POST /api/admin/shipping/methods': {
    request: async (f) => ({ path: '/admin/shipping/methods', body: standard(await zone(f)) }),
    expect: write(201),
  },
  'GET /api/admin/shipping/methods': { request: () => ({ path: '/admin/shipping/methods' }), expect: read },
  'GET /api/admin/shipping/methods/:id': {
    request: async (f) => ({ path: `/admin/shipping/methods/${await method(f)}` }),
    expect: read,
  },
  'PATCH /api/admin/shipping/methods/:id': {
    request: async (f) => ({ path: `/admin/shipping/methods/${await method(f)}`, body: { name: 'Economy' } }),
    expect: write(200),
  },
  'DELETE /api/admin/shipping/methods/:id': {
    request: async (f) => ({ path: `/admin/shipping/methods/${await method(f)}` }),
    expect: write(200),
  },
  // Carrier callbacks carry no user: the signature is the credential (none here, so 400 for everyone).
  'POST /api/shipping/webhooks/:carrier': {
    request: () => ({
      path: '/shipping/webhooks/sandbox',
      body: { id: 'evt_1', trackingNumber: 'SBX000000000001', code: 'DL', at: Date.now() },
    }),
    expect: [400, 400, 400, 400, 400],
  },
};

export default cases;
