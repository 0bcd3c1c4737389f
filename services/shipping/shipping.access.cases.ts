import { asAdmin, type AccessCases, type Fixture, orderOf, uniq } from '../../test/security/access-cases';

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
/** The first shipment of `orderId` (created asynchronously from its CONFIRMED event), its id encoded for a path. */
async function shipmentOf(f: Fixture, orderId: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const page = await f.cast.call<{ rows: { id: string }[] }>(
      'GET',
      `/admin/shipments?orderId=${orderId}`,
      undefined,
      asAdmin(f),
    );
    if (page.body.rows?.length) return encodeURIComponent(page.body.rows[0].id);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`order ${orderId} never got a shipment`);
}
/**
 * A shipment of a fresh order per staff cell (buying a label or shipping changes it; the shared
 * orderOfA stays cancellable). Other callers are refused before the id is read: any id will do.
 */
const freshShipment = async (f: Fixture) =>
  f.me === f.cast.admin || f.me === f.cast.support
    ? shipmentOf(f, await orderOf(f, await f.cast.newCustomer()))
    : encodeURIComponent(`${f.orderOfA}:main`);
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
  'GET /api/admin/shipments': { request: () => ({ path: '/admin/shipments' }), expect: read },
  'GET /api/admin/shipments/:id': {
    request: async (f) => ({ path: `/admin/shipments/${await shipmentOf(f, f.orderOfA)}` }),
    expect: read,
  },
  'GET /api/admin/shipments/:id/label': {
    request: async (f) => {
      const id = await freshShipment(f);
      await f.cast.call('POST', `/admin/shipments/${id}/label`, {}, asAdmin(f));
      return { path: `/admin/shipments/${id}/label` };
    },
    expect: read,
  },
  'POST /api/admin/shipments/:id/label': {
    request: async (f) => ({ path: `/admin/shipments/${await freshShipment(f)}/label`, body: {} }),
    expect: write(200),
  },
  'POST /api/admin/shipments/:id/ship': {
    request: async (f) => ({ path: `/admin/shipments/${await freshShipment(f)}/ship`, body: {} }),
    expect: write(200),
  },
  'GET /api/orders/:id/shipments': {
    request: (f) => ({ path: `/orders/${f.orderOfA}/shipments` }),
    expect: [401, 200, 404, 200, 200],
  },
};

export default cases;
