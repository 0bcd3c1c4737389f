import type { Context } from 'moleculer';
import { catalogKeygen } from './products.cache';
import type { Product, ProductInput } from './products.contract';
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
import { changeKind, changeTo, newProduct, patchedProduct, rescheduled, skuOps } from './products.write.domain';

const input: ProductInput = {
  slug: 'phone',
  name: 'Phone',
  brand: 'Aurora',
  status: 'active',
  attributes: { screen: '6.1in' },
  images: ['https://example.com/p.jpg'],
  variants: [
    {
      sku: 'P-1',
      attributes: { colour: 'black' },
      prices: [
        { amount: 100, currency: 'USD' },
        { amount: 80, currency: 'USD', from: 10, to: 20 },
      ],
    },
    { sku: 'P-2', attributes: { colour: 'blue' }, price: { amount: 120, currency: 'USD' } },
  ],
};

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

  describe('writes', () => {
    const product = { ...newProduct({ ...input, categoryId: 'c1' }, 'id1', 5), version: 3 };

    it('patch fields, replace variants and clear the category with null', () => {
      const next = patchedProduct(
        product,
        { name: 'Phone 2', categoryId: null, variants: [{ sku: 'P-3', price: { amount: 5, currency: 'USD' } }] },
        9,
      );
      expect(next).toMatchObject({ id: 'id1', name: 'Phone 2', updatedAt: 9, createdAt: 5, variants: [{ sku: 'P-3' }] });
      expect(next).not.toHaveProperty('categoryId');
      expect(next).not.toHaveProperty('version');
      expect(next.priceBounds).toBeUndefined();
      expect(changeTo(next)).toMatchObject({ categoryId: null, priceBounds: null, name: 'Phone 2' });
      expect(patchedProduct(product, { categoryId: 'c2' }, 9).categoryId).toBe('c2');
    });

    it('keep the SKU index equal to the variants', () => {
      const next = patchedProduct(
        product,
        {
          variants: [
            { sku: 'P-2', price: { amount: 5, currency: 'USD' } },
            { sku: 'P-9', price: { amount: 5, currency: 'USD' } },
          ],
        },
        9,
      );
      expect(skuOps('id1', product.variants, next.variants)).toEqual([
        { op: 'remove', collection: 'skus', id: 'P-1', where: { productId: 'id1' } },
        { op: 'insert', collection: 'skus', doc: { id: 'P-9', productId: 'id1' } },
      ]);
    });

    it('replace one schedule and recompute the boundaries', () => {
      const next = rescheduled(
        product,
        'P-2',
        [
          { amount: 1, currency: 'USD' },
          { amount: 2, currency: 'USD', from: 50 },
        ],
        9,
      );
      expect(next.variants[1]).toEqual({
        sku: 'P-2',
        attributes: { colour: 'blue' },
        prices: [
          { amount: 1, currency: 'USD' },
          { amount: 2, currency: 'USD', from: 50 },
        ],
      });
      expect(next.priceBounds).toEqual([10, 20, 50]);
    });

    it('name the change for product.changed', () => {
      expect(changeKind(null, product)).toBe('created');
      expect(changeKind(product, patchedProduct(product, { status: 'archived' }, 9))).toBe('archived');
      expect(changeKind(product, patchedProduct(product, { name: 'x' }, 9))).toBe('updated');
    });
  });

  it('keys cached reads by every param, so crafted text cannot collide with another query', () => {
    const key = (params: object) => catalogKeygen({ name: 'products.listAt' }, {}, { params } as Context);
    expect(key({ query: { search: 'a"|brand|"b' } })).not.toBe(key({ query: { search: 'a', brand: 'b' } }));
    expect(key({ a: 1, b: { c: 2, d: 3 } })).toBe(key({ b: { d: 3, c: 2 }, a: 1 }));
    expect(key({ a: 1, epoch: 5 })).not.toBe(key({ a: 1, epoch: 6 }));
    expect(key({ a: 1 })).toMatch(/^products\.listAt:[A-Za-z0-9_-]{43}$/);
  });
});
