import type { SkuInfo } from '../../services/products/products.contract';
import { client, type Call } from '../support/http';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/** Variants' shipping weight and dimensions: written by admins, checked naming the field, read by carts and product views. */
let platform: Platform;
let call: Call;
let token: string;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'products'], { ADMIN_PASSWORD });
  call = client(platform.api);
  token = (await call<{ accessToken: string }>('POST', '/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).body
    .accessToken;
}, 60_000);
afterAll(() => platform?.stop());

const as = (method: string, path: string, body?: object) => call<Record<string, unknown>>(method, path, body, { token });
const fieldsOf = (res: { body: unknown }) =>
  ((res.body as { error: { fields?: { field: string }[] } }).error.fields ?? []).map((f) => f.field);
const product = (slug: string, variant: object) => ({
  slug,
  name: 'Parcel test',
  brand: 'Acme',
  status: 'active',
  variants: [{ sku: `${slug.toUpperCase()}-1`, price: { amount: 900, currency: 'USD' }, ...variant }],
});

it('keeps a weight and dimensions per variant and answers them to carts and in the product view', async () => {
  const res = await as('POST', '/products', product('kettle', { weightG: 1250, dimensionsMm: { l: 300, w: 200, h: 250 } }));
  expect(res.status).toBe(201);
  const id = (res.body as { id: string }).id;
  const [info] = await platform.broker.call<SkuInfo[], object>('products.variantsBySku', { skus: ['KETTLE-1'] });
  expect(info).toMatchObject({ weightG: 1250, dimensionsMm: { l: 300, w: 200, h: 250 } });
  const view = (await call<{ variants: object[] }>('GET', `/products/${id}`)).body;
  expect(view.variants[0]).toMatchObject({ weightG: 1250, dimensionsMm: { l: 300, w: 200, h: 250 } });
});

it('leaves a variant without a weight unweighed (no field, never a made-up 0)', async () => {
  expect((await as('POST', '/products', product('spoon', {}))).status).toBe(201);
  const [info] = await platform.broker.call<SkuInfo[], object>('products.variantsBySku', { skus: ['SPOON-1'] });
  expect(info.weightG).toBeUndefined();
  expect(info.dimensionsMm).toBeUndefined();
});

it.each([
  [{ weightG: -1 }, 'variants[0].weightG'],
  [{ weightG: 1_000_001 }, 'variants[0].weightG'],
  [{ weightG: 2.5 }, 'variants[0].weightG'],
  [{ weightG: '500' }, 'variants[0].weightG'],
  [{ dimensionsMm: { l: 10, w: 10 } }, 'variants[0].dimensionsMm.h'],
  [{ dimensionsMm: { l: 10, w: 0, h: 10 } }, 'variants[0].dimensionsMm.w'],
  [{ dimensionsMm: { l: 10, w: 10, h: 10.5 } }, 'variants[0].dimensionsMm.h'],
  [{ dimensionsMm: { l: 10, w: 10, h: 10, d: 1 } }, 'variants[0].dimensionsMm.d'],
])('refuses %j naming %s, writing nothing', async (variant, field) => {
  const res = await as('POST', '/products', product('bad-parcel', variant));
  expect(res.status).toBe(422);
  expect(fieldsOf(res)).toContain(field);
  expect(await platform.broker.call<SkuInfo[], object>('products.variantsBySku', { skus: ['BAD-PARCEL-1'] })).toEqual([]);
});

it('changes a weight by PATCH of the variants', async () => {
  const created = await as('POST', '/products', product('mug', { weightG: 400 }));
  const id = (created.body as { id: string }).id;
  const variants = [{ sku: 'MUG-1', price: { amount: 900, currency: 'USD' }, weightG: 450 }];
  expect((await as('PATCH', `/products/${id}`, { variants })).status).toBe(200);
  const [info] = await platform.broker.call<SkuInfo[], object>('products.variantsBySku', { skus: ['MUG-1'] });
  expect(info.weightG).toBe(450);
});
