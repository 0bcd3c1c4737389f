import type { Product } from './products.contract';
import {
  attributeLimitProblems,
  attributePairs,
  attrKey,
  derivedFields,
  schedulePlacementProblems,
  skuInfos,
  categoryPathOf,
  toView,
  variantProblems,
} from './products.domain';
import { newProduct } from './products.write.domain';
import { input } from './products.spec-fixtures';

describe('products domain', () => {
  describe('attribute keys', () => {
    it('are safe json keys for any value, distinct per name and value', () => {
      expect(attrKey('colour', 'black')).toBe('colour~YmxhY2s');
      for (const value of ['6.1 in', '$gt', 'a.b', 'ü/💡', '']) expect(attrKey('x', value)).toMatch(/^x~[A-Za-z0-9_-]*$/);
      expect(attrKey('a', 'b')).not.toBe(attrKey('a', 'c'));
    });

    it('cover the product and every variant', () => {
      const p = newProduct(input, 'id1', 5);
      expect(attributePairs(p)).toEqual([
        ['screen', '6.1in'],
        ['colour', 'black'],
        ['colour', 'blue'],
      ]);
      expect(derivedFields(p)).toEqual({
        attrKeys: { [attrKey('screen', '6.1in')]: true, [attrKey('colour', 'black')]: true, [attrKey('colour', 'blue')]: true },
        priceBounds: [10, 20],
      });
      expect(
        derivedFields({ attributes: {}, variants: [{ sku: 'A', price: { amount: 1, currency: 'EUR' } }] }).priceBounds,
      ).toBeUndefined();
    });
  });

  describe('variants as written', () => {
    it('accept prices or the price shorthand', () => {
      expect(variantProblems(input.variants)).toEqual([]);
      expect(newProduct(input, 'id1', 5).variants[1]).toEqual({
        sku: 'P-2',
        attributes: { colour: 'blue' },
        prices: [{ amount: 120, currency: 'USD' }],
      });
    });

    it('refuse both or neither, duplicate SKUs, bad schedules and two currencies', () => {
      const money = { amount: 1, currency: 'USD' };
      expect(variantProblems([{ sku: 'A', price: money, prices: [money] }]).map((p) => p.field)).toEqual(['variants[0].price']);
      expect(variantProblems([{ sku: 'A' }]).map((p) => p.field)).toEqual(['variants[0].prices']);
      expect(
        variantProblems([
          { sku: 'A', price: money },
          { sku: 'A', price: money },
        ]).map((p) => p.field),
      ).toEqual(['variants[1].sku']);
      expect(variantProblems([{ sku: 'A', prices: [money, money] }]).map((p) => p.field)).toEqual(['variants[0].prices[1]']);
      expect(
        variantProblems([
          { sku: 'A', price: money },
          { sku: 'B', price: { amount: 1, currency: 'EUR' } },
        ]).map((p) => p.field),
      ).toEqual(['variants']);
    });

    it('bound attribute counts', () => {
      const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, 'x']));
      expect(attributeLimitProblems({ attributes: many(30), variants: [{ sku: 'A', attributes: many(20) }] })).toEqual([]);
      expect(
        attributeLimitProblems({ attributes: many(31), variants: [{ sku: 'A', attributes: many(21) }] }).map((p) => p.field),
      ).toEqual(['attributes', 'variants[0].attributes']);
    });

    it('keep one currency when one schedule is replaced', () => {
      const { variants } = newProduct(input, 'id1', 5);
      expect(schedulePlacementProblems(variants, 'P-1', [{ amount: 1, currency: 'USD' }])).toEqual([]);
      expect(schedulePlacementProblems(variants, 'P-1', [{ amount: 1, currency: 'EUR' }])).toEqual([
        { field: 'prices', message: 'This product is priced in USD.' },
      ]);
      expect(schedulePlacementProblems([variants[0]], 'P-1', [{ amount: 1, currency: 'EUR' }])).toEqual([]);
    });
  });

  describe('views', () => {
    const product = newProduct(input, 'id1', 5);

    it('show the prices in effect at the given time and the range', () => {
      const at0 = toView(product, 0);
      expect(at0.variants).toEqual([
        { sku: 'P-1', attributes: { colour: 'black' }, price: { amount: 100, currency: 'USD' }, taxClass: 'standard' },
        { sku: 'P-2', attributes: { colour: 'blue' }, price: { amount: 120, currency: 'USD' }, taxClass: 'standard' },
      ]);
      expect(at0.priceRange).toEqual({ min: 100, max: 120, currency: 'USD' });
      expect(toView(product, 10).priceRange).toEqual({ min: 80, max: 120, currency: 'USD' });
      expect(at0).not.toHaveProperty('attrKeys');
      expect(toView(product, 0, true).variants[0].prices).toHaveLength(2);
    });

    it('read legacy rows', () => {
      const legacy = {
        ...product,
        description: undefined,
        variants: [{ sku: 'L', price: { amount: 7, currency: 'EUR' }, attributes: {} }],
      } as unknown as Product;
      expect(toView(legacy, 0)).toMatchObject({ description: '', priceRange: { min: 7, max: 7, currency: 'EUR' } });
    });

    it('answer variantsBySku rows for the SKUs asked', () => {
      expect(skuInfos(product, new Set(['P-2', 'X']), 15)).toEqual([
        {
          sku: 'P-2',
          productId: 'id1',
          productName: 'Phone',
          slug: 'phone',
          productStatus: 'active',
          price: { amount: 120, currency: 'USD' },
          attributes: { colour: 'blue' },
          image: 'https://example.com/p.jpg',
          taxClass: 'standard',
          categoryPath: [],
        },
      ]);
      expect(skuInfos(product, new Set(['P-1']), 15)[0].price).toEqual({ amount: 80, currency: 'USD' });
    });

    it('carry the variant’s tax class and the category path, root first', () => {
      const books = newProduct(
        { ...input, variants: [{ sku: 'B-1', price: { amount: 9, currency: 'USD' }, taxClass: 'reduced' }] },
        'id2',
        5,
      );
      const [row] = skuInfos(books, new Set(['B-1']), 15, categoryPathOf('/c-root/c-books/'));
      expect(row).toMatchObject({ taxClass: 'reduced', categoryPath: ['c-root', 'c-books'] });
      expect(toView(books, 15).variants[0].taxClass).toBe('reduced');
      expect(categoryPathOf(undefined)).toEqual([]);
    });
  });
});
