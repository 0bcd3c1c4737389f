import { toProductView, toSearchDocument, type SourceProduct } from './search.document.domain';
import { indexRow } from './search.rows.domain';

const product: SourceProduct = {
  id: 'p1',
  slug: 'aurora',
  name: 'Aurora Phone',
  description: 'Bright',
  brand: 'Northwind',
  categoryId: 'phones',
  status: 'active',
  attributes: { color: 'black' },
  images: ['a.png'],
  variants: [
    {
      sku: 'PHN-1',
      attributes: { storage: '128gb' },
      prices: [
        { amount: 49_900, currency: 'EUR' },
        { amount: 39_900, currency: 'EUR', from: 2_000, to: 3_000 },
      ],
    },
    { sku: 'PHN-2', attributes: { storage: '256gb' }, price: { amount: 59_900, currency: 'EUR' } },
  ],
  createdAt: 1,
  updatedAt: 2,
  version: 7,
  categoryPath: ['electronics', 'phones'],
  categoryNames: ['Electronics', 'Phones'],
  categorySlugs: ['electronics', 'phones'],
};

describe('search document domain', () => {
  it('keeps the price in effect and when it next changes, per variant', () => {
    const before = toSearchDocument(product, 1_000, 7);
    expect(before.variants.map((v) => [v.price?.amount, v.nextPriceChangeAt])).toEqual([
      [49_900, 2_000],
      [59_900, undefined],
    ]);
    const during = toSearchDocument(product, 2_500, 7);
    expect(during.variants.map((v) => [v.price?.amount, v.nextPriceChangeAt])).toEqual([
      [39_900, 3_000],
      [59_900, undefined],
    ]);
    expect(toSearchDocument(product, 3_000, 7).variants[0].nextPriceChangeAt).toBeUndefined();
  });

  it('carries the source version and the category path, and starts without stock', () => {
    const doc = toSearchDocument(product, 1_000, 7);
    expect(doc).toMatchObject({ versions: { product: 7 }, categoryPath: ['electronics', 'phones'], inStock: false });
  });

  it('derives the index columns: facet keys, prices, buckets, SKUs and weighted text', () => {
    const row = indexRow(toSearchDocument(product, 1_000, 7));
    expect(row).toMatchObject({
      attrKeys: ['color=black', 'storage=128gb', 'storage=256gb'],
      categoryKeys: ['electronics', 'phones'],
      skuKeys: ['phn-1', 'phn-2'],
      prices: [49_900, 59_900],
      priceBuckets: [25_000, 50_000],
      priceMin: 49_900,
      priceMax: 59_900,
      nextPriceChangeAt: 2_000,
      version: 7,
    });
    expect(row.text.a).toBe('PHN-1 PHN-2 Aurora Phone');
    expect(row.text.c).toContain('Electronics');
  });

  it('shows a document as the catalog shows a product', () => {
    const view = toProductView(toSearchDocument(product, 1_000, 7));
    expect(view).toMatchObject({ id: 'p1', priceRange: { min: 49_900, max: 59_900, currency: 'EUR' } });
    expect(view.variants[0]).toEqual({
      sku: 'PHN-1',
      attributes: { storage: '128gb' },
      price: { amount: 49_900, currency: 'EUR' },
      taxClass: 'standard',
    });
  });
});
