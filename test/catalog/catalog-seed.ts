import type { Call } from '../support/http';

export interface Seeded {
  categories: Record<'electronics' | 'phones' | 'androidPhones' | 'audio' | 'apparel' | 'shirts', string>;
  products: Record<'aurora' | 'nimbus' | 'buds' | 'tee' | 'draft' | 'archived', string>;
  /** product.changed and category.changed events the seed causes. */
  events: number;
}

const usd = (amount: number) => [{ amount, currency: 'USD' }];

/** A small catalog through the admin routes: a three-level category tree, four active products, a draft and an archived one. */
export async function seedCatalog(call: Call, token: string): Promise<Seeded> {
  const post = async (path: string, body: object) => {
    const res = await call<{ id: string }>('POST', path, body, { token });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
    // Distinct creation times, so "newest" has one right answer.
    await new Promise((r) => setTimeout(r, 3));
    return res.body.id;
  };
  const category = (slug: string, name: string, parentId?: string) =>
    post('/categories', { slug, name, ...(parentId ? { parentId } : {}) });
  const electronics = await category('electronics', 'Electronics');
  const phones = await category('phones', 'Phones', electronics);
  const androidPhones = await category('android-phones', 'Android phones', phones);
  const audio = await category('audio', 'Audio', electronics);
  const apparel = await category('apparel', 'Apparel');
  const shirts = await category('shirts', 'Shirts', apparel);

  const product = (body: object) => post('/products', { status: 'active', ...body });
  const aurora = await product({
    slug: 'aurora-phone-x',
    name: 'Aurora Phone X',
    description: 'A 6.1-inch phone with a two-day battery.',
    brand: 'Aurora',
    categoryId: phones,
    attributes: { screen: '6.1in' },
    images: ['https://example.com/img/aurora-x.jpg'],
    variants: [
      { sku: 'AUR-X-128-BLK', prices: usd(69900), attributes: { storage: '128GB', colour: 'black' } },
      { sku: 'AUR-X-256-BLU', prices: usd(79900), attributes: { storage: '256GB', colour: 'blue' } },
    ],
  });
  const nimbus = await product({
    slug: 'nimbus-android',
    name: 'Nimbus Android Phone',
    description: 'Budget phone, big battery.',
    brand: 'Nimbus',
    categoryId: androidPhones,
    variants: [{ sku: 'NIM-64-BLK', prices: usd(29900), attributes: { storage: '64GB', colour: 'black' } }],
  });
  const buds = await product({
    slug: 'aurora-buds',
    name: 'Aurora Buds',
    description: 'Wireless earbuds with noise cancelling.',
    brand: 'Aurora',
    categoryId: audio,
    variants: [{ sku: 'AUR-BUDS-WHT', price: { amount: 12900, currency: 'USD' }, attributes: { colour: 'white' } }],
  });
  const tee = await product({
    slug: 'trailhead-tee',
    name: 'Trailhead Organic Tee',
    description: 'Organic cotton t-shirt, regular fit.',
    brand: 'Trailhead',
    categoryId: shirts,
    attributes: { material: 'organic cotton' },
    variants: [
      { sku: 'TRL-TEE-M', prices: usd(2500), attributes: { size: 'M', colour: 'black' } },
      { sku: 'TRL-TEE-L', prices: usd(2500), attributes: { size: 'L', colour: 'white' } },
    ],
  });
  const draft = await product({
    slug: 'draft-phone',
    name: 'Draft Phone',
    brand: 'Aurora',
    categoryId: phones,
    status: 'draft',
    variants: [{ sku: 'DRF-1', prices: usd(10000) }],
  });
  const archived = await product({
    slug: 'old-phone',
    name: 'Old Phone',
    brand: 'Aurora',
    categoryId: phones,
    variants: [{ sku: 'OLD-1', prices: usd(9900) }],
  });
  const gone = await call('DELETE', `/products/${archived}`, undefined, { token });
  if (gone.status !== 204) throw new Error(`DELETE product: ${gone.status} ${gone.text}`);
  return {
    categories: { electronics, phones, androidPhones, audio, apparel, shirts },
    products: { aurora, nimbus, buds, tee, draft, archived },
    events: 6 + 6 + 1,
  };
}
