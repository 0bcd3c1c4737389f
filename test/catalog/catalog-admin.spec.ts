import type { Service } from 'moleculer';
import type { SkuInfo } from '../../services/products/products.contract';
import { client, type Call } from '../support/http';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/identities';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';
import { untilListed } from './catalog-listed';

/** Admin writes over the gateway: categories (tree, moves, deletes), products (patch, archive, schedules) and the SKU contract. */
let platform: Platform;
let call: Call;
let token: string;
let customer: string;

type Node = { id: string; slug: string; path: string; children: Node[] };
type View = {
  id: string;
  slug: string;
  status: string;
  categoryId?: string;
  variants: { sku: string; price: { amount: number } | null; prices?: unknown[] }[];
};

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'products', 'search'], { ADMIN_PASSWORD });
  call = client(platform.api);
  token = (await call<{ accessToken: string }>('POST', '/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).body
    .accessToken;
  const reg = await call<{ accessToken: string }>('POST', '/auth/register', {
    email: 'cat-customer@example.com',
    password: 'a long enough passphrase',
    name: 'C',
  });
  customer = reg.body.accessToken;
}, 60_000);
afterAll(() => platform?.stop());

const as = (method: string, path: string, body?: object) => call<Record<string, unknown>>(method, path, body, { token });
const created = async (path: string, body: object) => {
  const res = await as('POST', path, body);
  expect(res.status).toBe(201);
  return res.body as { id: string };
};
const usd = (amount: number) => [{ amount, currency: 'USD' }];
const fieldsOf = (res: { body: unknown }) =>
  ((res.body as { error: { fields?: { field: string }[] } }).error.fields ?? []).map((f) => f.field);
const bySku = (skus: string[]) =>
  platform.broker.call<SkuInfo[], object>('products.variantsBySku', {
    skus,
  });

it('indexes the SKUs of rows written before the index existed, and reads their single price', async () => {
  const svc = platform.broker.getLocalService('products') as Service & {
    store(n: string): { collection(n: string): { insert(d: object): Promise<unknown> } };
  };
  const now = Date.now();
  await svc
    .store('catalog')
    .collection('products')
    .insert({
      id: 'legacy-1',
      slug: 'legacy',
      name: 'Legacy Lamp',
      description: '',
      brand: 'Old',
      status: 'active',
      attributes: {},
      images: [],
      variants: [{ sku: 'LEG-1', price: { amount: 4200, currency: 'EUR' }, attributes: {} }],
      createdAt: now,
      updatedAt: now,
    });
  const { backfillSkus } = await import('../../services/products/products.skus');
  expect(await backfillSkus(svc as never)).toBe(1);
  expect(await bySku(['LEG-1', 'NOPE-1'])).toEqual([
    {
      sku: 'LEG-1',
      productId: 'legacy-1',
      productName: 'Legacy Lamp',
      slug: 'legacy',
      productStatus: 'active',
      price: { amount: 4200, currency: 'EUR' },
      attributes: {},
      // A product written before tax classes and categories: the standard class, no category.
      taxClass: 'standard',
      categoryPath: [],
    },
  ]);
  expect((await call<View>('GET', '/products/legacy')).body.variants[0].price).toEqual({ amount: 4200, currency: 'EUR' });
});

it('refuses admin routes to customers and anonymous callers', async () => {
  expect((await call('POST', '/categories', { slug: 'x', name: 'X' })).status).toBe(401);
  expect((await call('POST', '/categories', { slug: 'x', name: 'X' }, { token: customer })).status).toBe(403);
  expect((await call('DELETE', '/products/legacy-1', undefined, { token: customer })).status).toBe(403);
});

describe('categories', () => {
  it('form a public tree; moves carry the subtree and the listing follows', async () => {
    const a = await created('/categories', { slug: 'cat-a', name: 'A' });
    const b = await created('/categories', { slug: 'cat-b', name: 'B', parentId: a.id });
    const c = await created('/categories', { slug: 'cat-c', name: 'C', parentId: b.id });
    const x = await created('/categories', { slug: 'cat-x', name: 'X' });
    await created('/products', {
      slug: 'in-c',
      name: 'In C',
      brand: 'T',
      status: 'active',
      categoryId: c.id,
      variants: [{ sku: 'IN-C-1', prices: usd(100) }],
    });
    // The listing is the search read model: it follows the move shortly after, so each side is awaited.
    const listed = (category: string, total: number) =>
      untilListed(call, `/products?category=${category}`, (p) => p.total === total);
    await listed('cat-a', 1);
    await listed('cat-x', 0);

    const moved = await as('PATCH', `/categories/${b.id}`, { parentId: x.id, name: 'B2' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: b.id, name: 'B2', parentId: x.id, path: `/${x.id}/${b.id}/` });
    const tree = (await call<Node[]>('GET', '/categories')).body;
    const find = (nodes: Node[], id: string): Node | undefined =>
      nodes.flatMap((n) => [n, ...n.children]).find((n) => n.id === id) ?? nodes.map((n) => find(n.children, id)).find(Boolean);
    expect(find(tree, a.id)!.children).toEqual([]);
    expect(find(tree, x.id)!.children.map((n) => n.id)).toEqual([b.id]);
    expect(find(tree, c.id)!.path).toBe(`/${x.id}/${b.id}/${c.id}/`);
    await listed('cat-x', 1);
    await listed('cat-a', 0);

    const toRoot = await as('PATCH', `/categories/${b.id}`, { parentId: null });
    expect(toRoot.body).toMatchObject({ path: `/${b.id}/` });
    expect(toRoot.body).not.toHaveProperty('parentId');
    expect(find((await call<Node[]>('GET', '/categories')).body, c.id)!.path).toBe(`/${b.id}/${c.id}/`);
  });

  it('refuse cycles, unknown parents and taken slugs', async () => {
    const p = await created('/categories', { slug: 'cyc-p', name: 'P' });
    const q = await created('/categories', { slug: 'cyc-q', name: 'Q', parentId: p.id });
    const cycle = await as('PATCH', `/categories/${p.id}`, { parentId: q.id });
    expect([cycle.status, fieldsOf(cycle)]).toEqual([422, ['parentId']]);
    expect((await as('PATCH', `/categories/${p.id}`, { parentId: p.id })).status).toBe(422);
    expect(fieldsOf(await as('POST', '/categories', { slug: 'orphan', name: 'O', parentId: 'no-such-parent' }))).toEqual([
      'parentId',
    ]);
    expect((await as('POST', '/categories', { slug: 'cyc-p', name: 'Dup' })).status).toBe(409);
    expect((await as('PATCH', `/categories/${q.id}`, { slug: 'cyc-p' })).status).toBe(409);
    expect((await as('PATCH', '/categories/no-such-category', { name: 'N' })).status).toBe(404);
  });

  it('delete only when empty: 409 with children or products, then 204', async () => {
    const parent = await created('/categories', { slug: 'del-p', name: 'P' });
    const child = await created('/categories', { slug: 'del-c', name: 'C', parentId: parent.id });
    const product = await created('/products', {
      slug: 'del-prod',
      name: 'D',
      brand: 'T',
      categoryId: child.id,
      variants: [{ sku: 'DEL-1', prices: usd(1) }],
    });
    expect((await as('DELETE', `/categories/${parent.id}`)).status).toBe(409);
    expect((await as('DELETE', `/categories/${child.id}`)).status).toBe(409);
    expect((await as('PATCH', `/products/${product.id}`, { categoryId: null })).status).toBe(200);
    expect((await as('DELETE', `/categories/${child.id}`)).status).toBe(204);
    expect((await as('DELETE', `/categories/${parent.id}`)).status).toBe(204);
    expect((await as('DELETE', `/categories/${parent.id}`)).status).toBe(404);
    expect(JSON.stringify((await call('GET', '/categories')).body)).not.toContain(parent.id);
  });
});

describe('products', () => {
  it('keep SKUs unique across products and slugs unique', async () => {
    await created('/products', { slug: 'uniq-1', name: 'U1', brand: 'T', variants: [{ sku: 'UNQ-1', prices: usd(1) }] });
    const sku = await as('POST', '/products', {
      slug: 'uniq-2',
      name: 'U2',
      brand: 'T',
      variants: [{ sku: 'UNQ-1', prices: usd(1) }],
    });
    expect([sku.status, (sku.body as { error: { type: string } }).error.type]).toEqual([409, 'SKU_TAKEN']);
    const slug = await as('POST', '/products', {
      slug: 'uniq-1',
      name: 'U3',
      brand: 'T',
      variants: [{ sku: 'UNQ-3', prices: usd(1) }],
    });
    expect([slug.status, (slug.body as { error: { type: string } }).error.type]).toEqual([409, 'SLUG_TAKEN']);
    // Neither failed write left anything behind: the SKU of the refused product is free.
    await created('/products', { slug: 'uniq-4', name: 'U4', brand: 'T', variants: [{ sku: 'UNQ-3', prices: usd(1) }] });
  });

  it('validate schedules, currencies and categories', async () => {
    const body = (variants: object[], extra: object = {}) => ({ slug: 'val-1', name: 'V', brand: 'T', variants, ...extra });
    const overlap = await as(
      'POST',
      '/products',
      body([
        {
          sku: 'VAL-1',
          prices: [...usd(1), { amount: 2, currency: 'USD', from: 10, to: 20 }, { amount: 3, currency: 'USD', from: 15 }],
        },
      ]),
    );
    expect([overlap.status, fieldsOf(overlap)]).toEqual([422, ['variants[0].prices[2].from']]);
    const currencies = await as(
      'POST',
      '/products',
      body([
        { sku: 'VAL-1', prices: usd(1) },
        { sku: 'VAL-2', price: { amount: 1, currency: 'EUR' } },
      ]),
    );
    expect(fieldsOf(currencies)).toEqual(['variants']);
    expect(
      fieldsOf(await as('POST', '/products', body([{ sku: 'VAL-1', prices: usd(1) }], { categoryId: 'no-such-category' }))),
    ).toEqual(['categoryId']);
    expect(fieldsOf(await as('POST', '/products', body([{ sku: 'VAL-1' }])))).toEqual(['variants[0].prices']);
  });

  it('patch content and variants; the SKU index and variantsBySku follow', async () => {
    const p = await created('/products', {
      slug: 'patch-me',
      name: 'Patch',
      brand: 'T',
      status: 'active',
      variants: [
        { sku: 'PAT-1', prices: usd(500) },
        { sku: 'PAT-2', prices: usd(600) },
      ],
    });
    const res = await as('PATCH', `/products/${p.id}`, {
      name: 'Patched',
      variants: [
        { sku: 'PAT-2', prices: usd(650) },
        { sku: 'PAT-3', price: { amount: 700, currency: 'USD' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Patched', priceRange: { min: 650, max: 700, currency: 'USD' } });
    expect((await bySku(['PAT-1', 'PAT-2', 'PAT-3'])).map((r) => [r.sku, r.price?.amount]).sort()).toEqual([
      ['PAT-2', 650],
      ['PAT-3', 700],
    ]);
    expect((await call<View>('GET', '/products/patch-me')).body.variants.map((v) => v.sku)).toEqual(['PAT-2', 'PAT-3']);
    expect((await as('PATCH', '/products/no-such-product', { name: 'N' })).status).toBe(404);
    expect(fieldsOf(await as('PATCH', `/products/${p.id}`, { surprise: 1 }))).toEqual(['surprise']);
  });

  it('replace one schedule; variantsBySku answers the price in effect now', async () => {
    const p = await created('/products', {
      slug: 'sched',
      name: 'S',
      brand: 'T',
      status: 'active',
      variants: [
        { sku: 'SCH-1', prices: usd(900) },
        { sku: 'SCH-2', prices: usd(950) },
      ],
    });
    const now = Date.now();
    const set = await as('PUT', `/products/${p.id}/variants/SCH-1/prices`, {
      prices: [...usd(900), { amount: 700, currency: 'USD', from: now - 1000, to: now + 60_000 }],
    });
    expect(set.status).toBe(200);
    expect((set.body as View).variants[0]).toMatchObject({ price: { amount: 700 }, prices: [{ amount: 900 }, { amount: 700 }] });
    expect((await bySku(['SCH-1']))[0].price).toEqual({ amount: 700, currency: 'USD' });
    expect((await call<View>('GET', '/products/sched')).body.variants[0]).toEqual({
      sku: 'SCH-1',
      attributes: {},
      price: { amount: 700, currency: 'USD' },
      taxClass: 'standard',
    });
    expect((await as('PUT', `/products/${p.id}/variants/SCH-9/prices`, { prices: usd(1) })).status).toBe(404);
    expect(
      fieldsOf(await as('PUT', `/products/${p.id}/variants/SCH-1/prices`, { prices: [{ amount: 1, currency: 'EUR' }] })),
    ).toEqual(['prices']);
  });

  it('archive on DELETE (204, twice), which hides them from the public', async () => {
    const p = await created('/products', {
      slug: 'to-archive',
      name: 'Gone Soon',
      brand: 'T',
      status: 'active',
      variants: [{ sku: 'ARC-1', prices: usd(1) }],
    });
    expect((await call('GET', '/products/to-archive')).status).toBe(200);
    await untilListed(call, '/products?search=gone', (page) => page.total === 1);
    expect((await as('DELETE', `/products/${p.id}`)).status).toBe(204);
    expect((await as('DELETE', `/products/${p.id}`)).status).toBe(204);
    expect((await call('GET', '/products/to-archive')).status).toBe(404);
    await untilListed(call, '/products?search=gone', (page) => page.total === 0);
    expect((await as('GET', '/products/to-archive')).body).toMatchObject({ status: 'archived' });
    expect((await bySku(['ARC-1']))[0].productStatus).toBe('archived');
    expect((await as('DELETE', '/products/no-such-product')).status).toBe(404);
  });
});
