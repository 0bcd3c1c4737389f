import { client, type Call } from '../support/http';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/** What a newcomer reads in the log at the default level, and where a 201 says its resource is. */
let platform: Platform;
let call: Call;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'products'], { ADMIN_PASSWORD, LOG_LEVEL: 'info' });
  call = client(platform.api);
}, 60_000);
afterAll(() => platform?.stop());

it("answers a 201 with the created item's URL, or the request's own when the item has none", async () => {
  const login = await call<{ accessToken: string }>('POST', '/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const product = await call<{ id: string }>(
    'POST',
    '/products',
    { slug: 'located-1', name: 'Located', brand: 'T', variants: [{ sku: 'LOC-1', prices: [{ amount: 100, currency: 'USD' }] }] },
    { token: login.body.accessToken },
  );
  expect(product.status).toBe(201);
  expect(product.headers.get('location')).toBe(`/api/products/${product.body.id}`);
  // A new product is a draft: only staff read it.
  expect((await call('GET', `/products/${product.body.id}`, undefined, { token: login.body.accessToken })).status).toBe(200);

  const registered = await call('POST', '/auth/register', {
    email: 'located@example.com',
    password: 'a long enough passphrase',
    name: 'L',
  });
  expect(registered.status).toBe(201);
  expect(registered.headers.get('location')).toBe('/api/auth/register');

  expect(platform.logs.filter((l) => l.includes('$location'))).toEqual([]);
});

it('keeps request and response lines out of the info-level log', async () => {
  await call('GET', '/categories');
  const requestLines = platform.logs.filter((l) => /=> (GET|POST)|<= \d{3} |Call '/.test(l));
  expect(requestLines).toEqual([]);
});
