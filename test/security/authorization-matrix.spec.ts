import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import type { Cast, Identity } from '../support/identities';
import { ADMIN_PASSWORD, castOf } from '../support/identities';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';
import { probeEvents } from '../support/event-probe';

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
  /** An order holding a reservation. */
  orderId: string;
  /** Customer A's confirmed order (its saga completed). */
  orderOfA: string;
  /** The caller's identity for the cell (undefined for anon). */
  me?: Identity;
}
interface Cell {
  path: string;
  body?: unknown;
  /** Send this token instead of the caller's standing one (cells that consume a session). */
  token?: string;
  headers?: Record<string, string>;
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
const uniq = () => Math.random().toString(36).slice(2, 10);
const asAdmin = (f: Fixture) => ({ token: f.cast.admin.token });
const newCategory = async (f: Fixture) =>
  (await f.cast.call<{ id: string }>('POST', '/categories', { slug: `cat-${uniq()}`, name: 'Matrix category' }, asAdmin(f))).body
    .id;
const newProduct = async (f: Fixture) =>
  (
    await f.cast.call<{ id: string }>(
      'POST',
      '/products',
      {
        slug: `p-${uniq()}`,
        name: 'Matrix product',
        brand: 'Test',
        status: 'active',
        variants: [{ sku: `M-${uniq().toUpperCase()}`, prices: [{ amount: 500, currency: 'EUR' }] }],
      },
      asAdmin(f),
    )
  ).body.id;
/** The caller's cart with the fixture SKU in it; anonymous callers get theirs by token. */
const cartWithItem = async (f: Fixture): Promise<Record<string, string>> => {
  const res = await f.cast.call<{ cartToken?: string }>(
    'POST',
    '/cart/items',
    { sku: f.sku, quantity: 1 },
    { token: f.me?.token },
  );
  return res.body.cartToken ? { 'X-Cart-Token': res.body.cartToken } : {};
};
const shippingAddress = { name: 'Alice', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
/** A checkout by `who` of one unit of the fixture SKU, waited for until its saga settles the order. */
async function orderOf(f: Fixture, who: Identity, until = 'CONFIRMED'): Promise<string> {
  await f.cast.call('POST', '/cart/items', { sku: f.sku, quantity: 1 }, { token: who.token });
  const placed = await f.cast.call<{ id: string }>(
    'POST',
    '/orders',
    { shippingAddress, paymentToken: 'tok_visa' },
    { token: who.token, headers: { 'Idempotency-Key': `m-${uniq()}` } },
  );
  if (placed.status !== 202) throw new Error(`fixture order: ${placed.status} ${placed.text}`);
  for (let i = 0; i < 200; i++) {
    const o = await f.cast.call<{ status: string }>('GET', `/orders/${placed.body.id}`, undefined, { token: who.token });
    if (o.body.status === until) return placed.body.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fixture order ${placed.body.id} never reached ${until}`);
}
const shipped = async (f: Fixture) => {
  const id = await orderOf(f, ofA(f));
  await f.cast.call('POST', `/orders/${id}/ship`, {}, asAdmin(f));
  return id;
};
const anonymousCart = async (f: Fixture) => {
  const res = await f.cast.call<{ cartToken: string }>('POST', '/cart/items', { sku: f.sku, quantity: 1 });
  return { 'X-Cart-Token': res.body.cartToken };
};

const MATRIX: Record<string, Row> = {
  'GET /api/health': { request: () => ({ path: '/health' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/openapi.json': { request: () => ({ path: '/openapi.json' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/docs': { request: () => ({ path: '/docs' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/docs/:asset': { request: () => ({ path: '/docs/swagger-ui.css' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/products': { request: () => ({ path: '/products' }), expect: [200, 200, 200, 200, 200] },
  'GET /api/products/:id': { request: (f) => ({ path: `/products/${f.productId}` }), expect: [200, 200, 200, 200, 200] },
  'POST /api/products': {
    request: () => ({
      path: '/products',
      body: {
        slug: `new-${uniq()}`,
        name: 'New',
        brand: 'Test',
        variants: [{ sku: `N-${uniq().toUpperCase()}`, prices: [{ amount: 100, currency: 'EUR' }] }],
      },
    }),
    expect: [401, 403, 403, 403, 201],
  },
  'PATCH /api/products/:id': {
    request: async (f) => ({ path: `/products/${await newProduct(f)}`, body: { name: 'Renamed' } }),
    expect: [401, 403, 403, 403, 200],
  },
  'DELETE /api/products/:id': {
    request: async (f) => ({ path: `/products/${await newProduct(f)}` }),
    expect: [401, 403, 403, 403, 204],
  },
  'PUT /api/products/:id/variants/:sku/prices': {
    request: (f) => ({
      path: `/products/${f.productId}/variants/${f.sku}/prices`,
      body: { prices: [{ amount: 1000, currency: 'EUR' }] },
    }),
    expect: [401, 403, 403, 403, 200],
  },
  'GET /api/categories': { request: () => ({ path: '/categories' }), expect: [200, 200, 200, 200, 200] },
  'POST /api/categories': {
    request: () => ({ path: '/categories', body: { slug: `c-${uniq()}`, name: 'C' } }),
    expect: [401, 403, 403, 403, 201],
  },
  'PATCH /api/categories/:id': {
    request: async (f) => ({ path: `/categories/${await newCategory(f)}`, body: { name: 'Renamed' } }),
    expect: [401, 403, 403, 403, 200],
  },
  'DELETE /api/categories/:id': {
    request: async (f) => ({ path: `/categories/${await newCategory(f)}` }),
    expect: [401, 403, 403, 403, 204],
  },

  'GET /api/inventory/:sku': { request: (f) => ({ path: `/inventory/${f.sku}` }), expect: [200, 200, 200, 200, 200] },
  'GET /api/inventory/:sku/movements': {
    request: (f) => ({ path: `/inventory/${f.sku}/movements` }),
    expect: [401, 403, 403, 200, 200],
  },
  'POST /api/inventory/receipts': {
    request: (f) => ({ path: '/inventory/receipts', body: { sku: f.sku, warehouse: 'main', quantity: 1, ref: `po-${uniq()}` } }),
    expect: [401, 403, 403, 403, 201],
  },
  'POST /api/inventory/adjustments': {
    request: (f) => ({
      path: '/inventory/adjustments',
      body: { sku: f.sku, warehouse: 'main', delta: 1, reason: 'adjustment', note: 'recount' },
    }),
    expect: [401, 403, 403, 403, 201],
  },
  'PUT /api/inventory/:sku/warehouses/:warehouse/settings': {
    request: (f) => ({ path: `/inventory/${f.sku}/warehouses/main/settings`, body: { reorderPoint: 2 } }),
    expect: [401, 403, 403, 403, 200],
  },
  'GET /api/inventory/orders/:orderId/reservations': {
    request: (f) => ({ path: `/inventory/orders/${f.orderId}/reservations` }),
    expect: [401, 403, 403, 200, 200],
  },

  // Carts are anyone's: a signed-in caller's is theirs, an anonymous one is named by its token.
  'GET /api/cart': { request: () => ({ path: '/cart' }), expect: [200, 200, 200, 200, 200] },
  'POST /api/cart/items': {
    request: (f) => ({ path: '/cart/items', body: { sku: f.sku, quantity: 1 } }),
    expect: [200, 200, 200, 200, 200],
  },
  'PATCH /api/cart/items/:sku': {
    request: async (f) => ({ path: `/cart/items/${f.sku}`, body: { quantity: 2 }, headers: await cartWithItem(f) }),
    expect: [200, 200, 200, 200, 200],
  },
  'DELETE /api/cart/items/:sku': {
    request: async (f) => ({ path: `/cart/items/${f.sku}`, headers: await cartWithItem(f) }),
    expect: [204, 204, 204, 204, 204],
  },
  // Checkout: orders are their owner's (support and admin read them); money and sagas are for staff.
  'POST /api/orders': {
    request: async (f) => {
      if (f.me) await f.cast.call('POST', '/cart/items', { sku: f.sku, quantity: 1 }, { token: f.me.token });
      return {
        path: '/orders',
        body: { shippingAddress, paymentToken: 'tok_visa' },
        headers: { 'Idempotency-Key': `m-${uniq()}` },
      };
    },
    expect: [401, 202, 202, 202, 202],
  },
  'GET /api/orders': { request: () => ({ path: '/orders' }), expect: [401, 200, 200, 200, 200] },
  'GET /api/orders/:id': { request: (f) => ({ path: `/orders/${f.orderOfA}` }), expect: [401, 200, 404, 200, 200] },
  'POST /api/orders/:id/cancel': {
    request: async (f) => ({ path: `/orders/${f.me === ofA(f) ? await orderOf(f, ofA(f)) : f.orderOfA}/cancel`, body: {} }),
    expect: [401, 202, 404, 404, 404],
  },
  'POST /api/orders/:id/ship': {
    request: async (f) => ({ path: `/orders/${f.me === f.cast.admin ? await orderOf(f, ofA(f)) : f.orderOfA}/ship`, body: {} }),
    expect: [401, 403, 403, 403, 200],
  },
  'POST /api/orders/:id/deliver': {
    request: async (f) => ({ path: `/orders/${f.me === f.cast.admin ? await shipped(f) : f.orderOfA}/deliver`, body: {} }),
    expect: [401, 403, 403, 403, 200],
  },
  'GET /api/payments/:orderId': { request: (f) => ({ path: `/payments/${f.orderOfA}` }), expect: [401, 403, 403, 200, 200] },
  'POST /api/payments/reconcile': {
    request: () => ({ path: '/payments/reconcile', body: {} }),
    expect: [401, 403, 403, 403, 200],
  },
  // Provider callbacks carry no user: the signature is the credential (none here, so 400 for everyone).
  'POST /api/payments/webhooks/sandbox': {
    request: () => ({
      path: '/payments/webhooks/sandbox',
      body: { id: 'evt_1', type: 'charge.refunded', providerRef: 'ch_1', created: Math.floor(Date.now() / 1000) },
    }),
    expect: [400, 400, 400, 400, 400],
  },
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

  'POST /api/cart/merge': {
    request: async (f) => ({ path: '/cart/merge', body: {}, headers: await anonymousCart(f) }),
    expect: [401, 200, 200, 200, 200],
  },

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
let events: ReturnType<typeof probeEvents>;

beforeAll(async () => {
  platform = await startPlatform([...IMPLEMENTED_SERVICES], { ADMIN_PASSWORD });
  events = probeEvents(platform.broker);
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
  await platform.broker.call('inventory.receive', { sku, warehouse: 'main', quantity: 500, ref: 'matrix' }, meta);
  await platform.broker.call('inventory.reserve', { orderId: 'matrix-order', lines: [{ sku, quantity: 1 }] });
  const cast = await castOf(platform.api);
  const base = { cast, productId: product.id, sku, orderId: 'matrix-order' };
  fixture = { ...base, orderOfA: await orderOf({ ...base, orderOfA: '' }, cast.customerA) };
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
    const res = await fixture.cast.call(method, cell.path, cell.body, { token: cell.token ?? me?.token, headers: cell.headers });
    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status });
  });
});

// Runs last: the cells above registered, promoted, disabled, created products and categories.
it('published only events that match the typed event catalog', async () => {
  await new Promise((r) => setTimeout(r, 1_000)); // the outbox relays poll every 500 ms
  const names = new Set(events.seen().map((e) => e.event));
  expect([...names]).toEqual(
    expect.arrayContaining([
      'user.registered',
      'user.roles-changed',
      'user.status-changed',
      'product.changed',
      'category.changed',
    ]),
  );
  expect(events.problems()).toEqual([]);
});
