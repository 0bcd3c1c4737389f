import type { Context } from 'moleculer';
import { catalogKeygen } from './products.cache';
import { changeKind, changeTo, newProduct, patchedProduct, rescheduled, skuOps } from './products.write.domain';
import { input } from './products.spec-fixtures';

describe('products writes', () => {
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
