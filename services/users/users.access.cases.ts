import { type AccessCases, type Fixture, ofA } from '../../test/security/access-cases';

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
const newAddressOfA = async (f: Fixture) =>
  (await f.cast.call<{ id: string }>('POST', '/me/addresses', address, { token: ofA(f).token })).body.id;
const newCardOfA = async (f: Fixture) => {
  const res = await f.cast.call<{ id: string }>('POST', '/me/payment-methods', card(), { token: ofA(f).token });
  if (res.status !== 201) throw new Error(`fixture card: ${res.status} ${res.text}`);
  return res.body.id;
};

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
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

export default cases;
