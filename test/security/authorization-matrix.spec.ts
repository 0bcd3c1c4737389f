import type { Cast, Identity } from '../support/identities';
import { ADMIN_PASSWORD, castOf } from '../support/identities';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';

/**
 * Every route the gateway publishes × {anonymous, customer A, customer B, support, admin}, with the
 * status each must answer. The table is written by hand; the routes come from the live route table,
 * so a route added without a row here (or a row whose route vanished) fails the test.
 */
type Who = 'anon' | 'A' | 'B' | 'support' | 'admin';
const WHO: Who[] = ['anon', 'A', 'B', 'support', 'admin'];

interface Fixture {
  cast: Cast;
  productId: string;
  sku: string;
  /** The caller's identity for the cell (undefined for anon). */
  me?: Identity;
}
interface Cell {
  path: string;
  body?: unknown;
  /** Send this token instead of the caller's standing one (cells that consume a session). */
  token?: string;
}
interface Row {
  /** Builds the request; runs once per cell, so cells that change or consume things get their own. */
  request: (f: Fixture) => Promise<Cell> | Cell;
  expect: [anon: number, A: number, B: number, support: number, admin: number];
}

const address = { name: 'Alice', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
let cards = 0;
/** Each call a different provider token: saving the same card twice is refused. */
const card = () => ({
  provider: 'sandbox',
  token: `tok_sandbox_${++cards}_${Math.random().toString(36).slice(2)}`,
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2099,
});
const ofA = (f: Fixture) => f.cast.customerA;
const newAddressOfA = async (f: Fixture) =>
  (await f.cast.call<{ id: string }>('POST', '/me/addresses', address, { token: ofA(f).token })).body.id;
const newCardOfA = async (f: Fixture) => {
  const res = await f.cast.call<{ id: string }>('POST', '/me/payment-methods', card(), { token: ofA(f).token });
  if (res.status !== 201) throw new Error(`fixture card: ${res.status} ${res.text}`);
  return res.body.id;
};
const fresh = async (f: Fixture) => (f.me ? (await f.cast.relogin(f.me)).token : undefined);

const MATRIX: Record<string, Row> = {
  'GET /api/health': { request: () => ({ path: '/health' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/openapi.json': { request: () => ({ path: '/openapi.json' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/docs': { request: () => ({ path: '/docs' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/docs/:asset': { request: () => ({ path: '/docs/swagger-ui.css' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/products': { request: () => ({ path: '/products' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/products/:id': { request: (f) => ({ path: `/products/${f.productId}` }), expect: [200, 200, 200, 200, 200] },
  'GET /api/inventory/:sku': { request: (f) => ({ path: `/inventory/${f.sku}` }), expect: [200, 200, 200, 200, 200] },

  'POST /api/auth/register': {
    request: () => ({
      path: '/auth/register',
      body: { email: `reg-${Math.random().toString(36).slice(2)}@example.com`, password: 'a long enough passphrase', name: 'R' },
    }),
    expect: [201, 201, 201, 201, 201],
  },
  'POST /api/auth/login': {
    request: (f) => ({ path: '/auth/login', body: { email: ofA(f).email, password: ofA(f).password } }),
    expect: [200, 200, 200, 200, 200],
  },
  'POST /api/auth/refresh': {
    request: async (f) => ({ path: '/auth/refresh', body: { refreshToken: (await f.cast.newCustomer()).refreshToken } }),
    expect: [200, 200, 200, 200, 200],
  },
  'POST /api/auth/logout': {
    request: async (f) => ({ path: '/auth/logout', body: {}, token: await fresh(f) }),
    expect: [401, 204, 204, 204, 204],
  },
  'GET /api/auth/session': { request: () => ({ path: '/auth/session' }), expect: [401, 200, 200, 200, 200] },
  'POST /api/auth/password/forgot': {
    request: (f) => ({ path: '/auth/password/forgot', body: { email: ofA(f).email } }),
    expect: [202, 202, 202, 202, 202],
  },
  'POST /api/auth/password/reset': {
    request: () => ({ path: '/auth/password/reset', body: { token: 'x'.repeat(43), password: 'another long passphrase' } }),
    expect: [400, 400, 400, 400, 400],
  },
  'POST /api/auth/password/change': {
    request: () => ({
      path: '/auth/password/change',
      body: { currentPassword: 'not the current one', newPassword: 'another long passphrase' },
    }),
    expect: [401, 403, 403, 403, 403],
  },
  'POST /api/auth/email/verify': {
    request: () => ({ path: '/auth/email/verify', body: { token: 'x'.repeat(43) } }),
    expect: [400, 400, 400, 400, 400],
  },
  'POST /api/auth/email/verify/resend': {
    request: () => ({ path: '/auth/email/verify/resend', body: {} }),
    expect: [401, 202, 202, 202, 202],
  },
  'GET /api/auth/accounts': { request: () => ({ path: '/auth/accounts' }), expect: [401, 403, 403, 200, 200] },
  'PUT /api/auth/accounts/:id/roles': {
    request: async (f) => ({ path: `/auth/accounts/${(await f.cast.newCustomer()).id}/roles`, body: { roles: ['customer'] } }),
    expect: [401, 403, 403, 403, 200],
  },
  'PUT /api/auth/accounts/:id/status': {
    request: async (f) => ({ path: `/auth/accounts/${(await f.cast.newCustomer()).id}/status`, body: { status: 'disabled' } }),
    expect: [401, 403, 403, 403, 200],
  },
  'GET /api/auth/audit': { request: () => ({ path: '/auth/audit' }), expect: [401, 403, 403, 403, 200] },

  'GET /api/me': { request: () => ({ path: '/me' }), expect: [401, 200, 200, 200, 200] },
  'PATCH /api/me': { request: () => ({ path: '/me', body: { name: 'Renamed' } }), expect: [401, 200, 200, 200, 200] },
  'GET /api/me/preferences': { request: () => ({ path: '/me/preferences' }), expect: [401, 200, 200, 200, 200] },
  'PUT /api/me/preferences': {
    request: () => ({
      path: '/me/preferences',
      body: { channels: { email: true, sms: false, push: false }, language: 'en', currency: 'EUR' },
    }),
    expect: [401, 200, 200, 200, 200],
  },
  'GET /api/me/addresses': { request: () => ({ path: '/me/addresses' }), expect: [401, 200, 200, 200, 200] },
  'POST /api/me/addresses': { request: () => ({ path: '/me/addresses', body: address }), expect: [401, 201, 201, 201, 201] },
  // A's address: only A sees it; to everyone else it does not exist, whatever their role (these are /me routes).
  'GET /api/me/addresses/:id': {
    request: async (f) => ({ path: `/me/addresses/${await newAddressOfA(f)}` }),
    expect: [401, 200, 404, 404, 404],
  },
  'PATCH /api/me/addresses/:id': {
    request: async (f) => ({ path: `/me/addresses/${await newAddressOfA(f)}`, body: { city: 'Hamburg' } }),
    expect: [401, 200, 404, 404, 404],
  },
  'DELETE /api/me/addresses/:id': {
    request: async (f) => ({ path: `/me/addresses/${await newAddressOfA(f)}` }),
    expect: [401, 204, 404, 404, 404],
  },
  'GET /api/me/payment-methods': { request: () => ({ path: '/me/payment-methods' }), expect: [401, 200, 200, 200, 200] },
  'POST /api/me/payment-methods': {
    request: () => ({ path: '/me/payment-methods', body: card() }),
    expect: [401, 201, 201, 201, 201],
  },
  'PATCH /api/me/payment-methods/:id': {
    request: async (f) => ({ path: `/me/payment-methods/${await newCardOfA(f)}`, body: { isDefault: true } }),
    expect: [401, 200, 404, 404, 404],
  },
  'DELETE /api/me/payment-methods/:id': {
    request: async (f) => ({ path: `/me/payment-methods/${await newCardOfA(f)}` }),
    expect: [401, 204, 404, 404, 404],
  },
  'GET /api/me/wishlist': { request: () => ({ path: '/me/wishlist' }), expect: [401, 200, 200, 200, 200] },
  'PUT /api/me/wishlist/:productId': {
    request: (f) => ({ path: `/me/wishlist/${f.productId}` }),
    expect: [401, 201, 201, 201, 201],
  },
  'DELETE /api/me/wishlist/:productId': {
    request: (f) => ({ path: `/me/wishlist/${f.productId}` }),
    expect: [401, 204, 204, 204, 204],
  },
  'GET /api/users': { request: () => ({ path: '/users' }), expect: [401, 403, 403, 200, 200] },
  'GET /api/users/:id': { request: (f) => ({ path: `/users/${ofA(f).id}` }), expect: [401, 403, 403, 200, 200] },
};

let platform: Platform;
let fixture: Omit<Fixture, 'me'>;
let routes: { method: string; fullPath: string }[];

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'users', 'products', 'inventory'], { ADMIN_PASSWORD });
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const meta = { meta: { user: SYSTEM_PRINCIPAL } };
  const sku = 'MATRIX-1';
  const product = await platform.broker.call<{ id: string }, object>(
    'products.create',
    {
      slug: 'matrix-product',
      name: 'Matrix',
      brand: 'Test',
      status: 'active',
      variants: [{ sku, price: { amount: 1000, currency: 'EUR' } }],
    },
    meta,
  );
  await platform.broker.call('inventory.receive', { sku, warehouse: 'main', quantity: 5, ref: 'matrix' }, meta);
  fixture = { cast: await castOf(platform.api), productId: product.id, sku };
  routes = await platform.broker.call('api.routes');
}, 90_000);
afterAll(() => platform?.stop());

it('has a row for exactly the routes the gateway publishes', () => {
  const published = routes.map((r) => `${r.method} ${r.fullPath}`).sort();
  expect(published).toEqual(Object.keys(MATRIX).sort());
});

describe.each(Object.entries(MATRIX))('%s', (route, row) => {
  it.each(WHO.map((who, i) => [who, row.expect[i]] as const))('as %s answers %i', async (who, status) => {
    const me =
      who === 'anon'
        ? undefined
        : { A: fixture.cast.customerA, B: fixture.cast.customerB, support: fixture.cast.support, admin: fixture.cast.admin }[who];
    const cell = await row.request({ ...fixture, me });
    const method = route.split(' ')[0];
    const res = await fixture.cast.call(method, cell.path, cell.body, { token: cell.token ?? me?.token });
    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status });
  });
});
