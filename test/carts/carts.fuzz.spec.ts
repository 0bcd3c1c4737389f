import type { Store } from '../../mixins/store/store.types';
import { casesFor, operationsOf, type FuzzCase, type Operation } from '../security/fuzz.cases';
import { client } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/**
 * The security fuzz test's malformed requests (test/security/fuzz.cases.ts), aimed at the cart
 * routes, sent both anonymously and signed in, with and without a cart token: every one must be a
 * 4xx in the one error shape, and no cart may be created or changed.
 */
let platform: Platform;
let cast: Cast;
let token: string;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'carts', 'discounts'], { ADMIN_PASSWORD });
  cast = await castOf(platform.api);
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  await platform.broker.call(
    'products.create',
    {
      slug: 'mug',
      name: 'Mug',
      brand: 'Acme',
      status: 'active',
      variants: [{ sku: 'MUG-1', price: { amount: 1200, currency: 'EUR' } }],
    },
    { meta: { user: SYSTEM_PRINCIPAL } },
  );
  const call = client(platform.api);
  token = (await call<{ cartToken: string }>('POST', '/cart/items', { sku: 'MUG-1', quantity: 1 })).body.cartToken;
  await call('POST', '/cart/items', { sku: 'MUG-1', quantity: 2 }, { token: cast.customerA.token });
}, 90_000);
afterAll(() => platform?.stop());

async function cartOperations(): Promise<Operation[]> {
  return operationsOf(await (await fetch(`${platform.api}/openapi.json`)).json()).filter((op) => op.path.startsWith('/cart'));
}

/** Every cart with its version: any write, even one that changes nothing visible, bumps a version. */
const snapshot = async () => {
  const service = platform.broker.getLocalService('carts') as unknown as { store(name: string): Store };
  const carts = await service
    .store('carts')
    .collection('carts')
    .find({ sort: ['id'] });
  return carts.map((c) => `${c.id}@${String(c.version)}`);
};

it('answers malformed cart requests with 4xx only and changes no cart', async () => {
  const ops = await cartOperations();
  expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
    'DELETE /cart/coupons/{code}',
    'DELETE /cart/items/{sku}',
    'DELETE /cart/shipping',
    'GET /cart',
    'GET /cart/shipping-options',
    'PATCH /cart/items/{sku}',
    'POST /cart/coupons',
    'POST /cart/items',
    'POST /cart/merge',
    'PUT /cart/address',
    'PUT /cart/shipping',
  ]);
  const base = ops.flatMap(casesFor);
  const cases: (FuzzCase & { cartToken?: string })[] = [
    ...base,
    ...base.map((c) => ({ ...c, as: 'customer' as const })),
    ...base.map((c) => ({ ...c, cartToken: token })),
    ...base.map((c) => ({ ...c, as: 'customer' as const, cartToken: token })),
  ];
  const before = await snapshot();
  expect(before).toHaveLength(2);
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i += 8) {
    await Promise.all(
      cases.slice(i, i + 8).map(async (c) => {
        const headers: Record<string, string> = {};
        if (c.as === 'customer') headers.authorization = `Bearer ${cast.customerA.token}`;
        if (c.cartToken) headers['x-cart-token'] = c.cartToken;
        if (c.contentType) headers['content-type'] = c.contentType;
        const res = await fetch(`${platform.api}${c.path}${c.query ? `?${c.query}` : ''}`, {
          method: c.method,
          headers,
          body: c.body,
        });
        const text = await res.text();
        const shaped = /^\{"error":\{"type":"[A-Z_]+","message":"[^"]*"(,"fields":\[.*\])?\}\}$/s.test(text);
        if (res.status >= 500 || !(res.status >= 400 && res.status < 500 && shaped) || /"stack"|cartToken/.test(text)) {
          failures.push(
            `${c.method} ${c.path} as ${c.as}${c.cartToken ? ' with token' : ''} (${c.why}) → ${res.status} ${text.slice(0, 160)}`,
          );
        }
      }),
    );
  }
  process.stdout.write(`carts fuzz: ${cases.length} requests over ${ops.length} operations\n`);
  expect(failures).toEqual([]);
  expect(cases.length).toBeGreaterThan(300);
  expect(await snapshot()).toEqual(before);
}, 120_000);
