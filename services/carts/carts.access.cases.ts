import { type AccessCases, type Fixture, shippingAddress } from '../../test/security/access-cases';

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
/** The caller's cart with the fixture SKU, shipping to the fixture address. */
const cartWithAddress = async (f: Fixture): Promise<Record<string, string>> => {
  const headers = await cartWithItem(f);
  await f.cast.call('PUT', '/cart/address', { shippingAddress }, { token: f.me?.token, headers });
  return headers;
};
const anonymousCart = async (f: Fixture) => {
  const res = await f.cast.call<{ cartToken: string }>('POST', '/cart/items', { sku: f.sku, quantity: 1 });
  return { 'X-Cart-Token': res.body.cartToken };
};

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
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
  // Without a promotion the code is refused (422) for everyone: the route itself is open to all.
  'POST /api/cart/coupons': {
    request: async (f) => ({ path: '/cart/coupons', body: { code: 'NO-SUCH-CODE' }, headers: await cartWithItem(f) }),
    expect: [422, 422, 422, 422, 422],
  },
  'DELETE /api/cart/coupons/:code': {
    request: async (f) => ({ path: '/cart/coupons/NO-SUCH-CODE', headers: await cartWithItem(f) }),
    expect: [200, 200, 200, 200, 200],
  },
  // The address checkout rows send too: orders refuse an address other than the one the cart was taxed for.
  'PUT /api/cart/address': {
    request: () => ({ path: '/cart/address', body: { shippingAddress } }),
    expect: [200, 200, 200, 200, 200],
  },
  // Everyone's own cart has options; a quote that is not the cart's is refused alike (409 SHIPPING_QUOTE_STALE).
  'GET /api/cart/shipping-options': {
    request: async (f) => ({ path: '/cart/shipping-options', headers: await cartWithAddress(f) }),
    expect: [200, 200, 200, 200, 200],
  },
  'PUT /api/cart/shipping': {
    request: async (f) => ({ path: '/cart/shipping', body: { quoteId: 'no-such-quote' }, headers: await cartWithAddress(f) }),
    expect: [409, 409, 409, 409, 409],
  },
  'DELETE /api/cart/shipping': {
    request: async (f) => ({ path: '/cart/shipping', headers: await cartWithItem(f) }),
    expect: [200, 200, 200, 200, 200],
  },
  'POST /api/cart/merge': {
    request: async (f) => ({ path: '/cart/merge', body: {}, headers: await anonymousCart(f) }),
    expect: [401, 200, 200, 200, 200],
  },
};

export default cases;
