import { randomBytes } from 'node:crypto';
import createClient, { type Middleware } from 'openapi-fetch';
import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import { responseProblems } from '../support/api-contract';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import type { paths } from './api';

/**
 * The checkout story the way an API consumer writes it: a client typed from the OpenAPI document
 * alone (openapi-typescript + openapi-fetch), so `tsc` checks every path, parameter, header and
 * body below against the document, and each answer is checked against it at run time too.
 */
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform([...IMPLEMENTED_SERVICES], { ADMIN_PASSWORD });
}, 60_000);
afterAll(() => platform?.stop());

const uniq = () => randomBytes(4).toString('hex');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function typedClient(api: string) {
  const client = createClient<paths>({ baseUrl: api.replace(/\/api$/, '') });
  const conforms: Middleware = {
    async onResponse({ request, response }) {
      const body = response.status === 204 ? null : await response.clone().json();
      const route = new URL(request.url).pathname.replace(/^\/api/, '');
      const problems = await responseProblems(
        api,
        request.method,
        route,
        response.status,
        response.headers.get('content-type') ?? '',
        body,
      );
      if (problems.length) throw new Error(`The response does not match the API document: ${problems.join('; ')}`);
      return response;
    },
  };
  client.use(conforms);
  return client;
}

it('registers, signs in, browses, fills a cart and checks out once with an Idempotency-Key', async () => {
  const api = typedClient(platform.api);

  // The shop: an admin lists a lamp with stock.
  const admin = await api.POST('/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  expect(admin.response.status).toBe(200);
  const asAdmin = bearer(admin.data!.accessToken);
  const sku = `TYPED-${uniq().toUpperCase()}`;
  const product = await api.POST('/api/products', {
    headers: asAdmin,
    body: {
      slug: `typed-${uniq()}`,
      name: `Typed lamp ${sku}`,
      brand: 'Lumen',
      status: 'active',
      variants: [{ sku, prices: [{ amount: 2500, currency: 'EUR' }] }],
    },
  });
  expect(product.response.status).toBe(201);
  const stock = await api.POST('/api/inventory/receipts', {
    headers: asAdmin,
    body: { sku, warehouse: 'main', quantity: 5, ref: `po-${sku}` },
  });
  expect(stock.data?.available).toBe(5);

  // A customer registers, signs in and finds the lamp.
  const email = `typed-${uniq()}@example.com`;
  const password = 'a typed client passphrase';
  const registered = await api.POST('/api/auth/register', { body: { email, password, name: 'Typed' } });
  expect(registered.response.status).toBe(201);
  expect(registered.data?.user.email).toBe(email);
  const login = await api.POST('/api/auth/login', { body: { email, password } });
  expect(login.response.status).toBe(200);
  const asMe = bearer(login.data!.accessToken);
  const found = await api.GET('/api/products', { params: { query: { search: sku } } });
  const listed = found.data?.rows.find((p) => p.id === product.data?.id);
  expect(listed?.variants[0]).toMatchObject({ sku, price: { amount: 2500, currency: 'EUR' } });

  // The cart, then the checkout: the same Idempotency-Key twice places one order.
  const cart = await api.POST('/api/cart/items', { headers: asMe, body: { sku, quantity: 2 } });
  expect(cart.data?.totals).toMatchObject({ total: { amount: 5000, currency: 'EUR' }, currency: 'EUR', itemCount: 2 });
  const key = `typed-${uniq()}`;
  const order = {
    shippingAddress: { name: 'Typed', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    paymentToken: 'tok_visa',
  };
  const placed = await api.POST('/api/orders', { headers: asMe, params: { header: { 'Idempotency-Key': key } }, body: order });
  expect(placed.response.status).toBe(202);
  const again = await api.POST('/api/orders', { headers: asMe, params: { header: { 'Idempotency-Key': key } }, body: order });
  expect(again.data?.id).toBe(placed.data?.id);

  // The order settles (the checkout saga runs behind the 202) and reads back whole.
  const id = placed.data!.id;
  let read = await api.GET('/api/orders/{id}', { headers: asMe, params: { path: { id } } });
  for (let i = 0; i < 300 && read.data?.status === 'PENDING'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    read = await api.GET('/api/orders/{id}', { headers: asMe, params: { path: { id } } });
  }
  expect(read.data).toMatchObject({ id, status: 'CONFIRMED', totals: { total: { amount: 5000, currency: 'EUR' } } });
  expect(read.data?.items.map((i) => [i.sku, i.quantity])).toEqual([[sku, 2]]);
  const mine = await api.GET('/api/orders', { headers: asMe });
  expect(mine.data?.rows.map((o) => o.id)).toEqual([id]);
}, 90_000);
