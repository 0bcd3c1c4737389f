import { arr, listOf, MONEY, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';
import { TAX_CLASSES } from '../discounts/discounts.contract';

/** What the products service's routes answer (see products.contract.ts). */
const PRODUCT = {
  id: 'string',
  slug: 'string',
  name: 'string',
  description: 'string|optional',
  brand: 'string|optional',
  status: 'string',
  categoryId: 'string|optional',
  attributes: { type: 'object', optional: true },
  images: optional(arr('any')),
  variants: arr(
    obj({
      sku: 'string',
      attributes: { type: 'object', optional: true },
      price: optional(MONEY),
      prices: optional(arr(MONEY)),
      taxClass: { type: 'enum', values: [...TAX_CLASSES], optional: true },
      weightG: 'number|integer|optional',
      dimensionsMm: optional(obj({ l: 'number|integer', w: 'number|integer', h: 'number|integer' })),
    }),
  ),
  priceRange: optional(obj({ min: 'number|integer', max: 'number|integer', currency: 'string' })),
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const CATEGORY = {
  id: 'string',
  slug: 'string',
  name: 'string',
  parentId: { type: 'string', optional: true, nullable: true },
  path: 'string',
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const NODE = obj({
  ...CATEGORY,
  createdAt: optional(TIMESTAMP),
  updatedAt: optional(TIMESTAMP),
  children: optional(arr({ type: 'object' })),
});
const TAKEN = { 409: 'The slug (or a SKU) is already taken' };

export const PRODUCTS_RESPONSES = {
  list: {
    status: 200,
    schema: page(obj(PRODUCT), { facets: optional({ type: 'object' }) }),
    description: 'A page of products, with facets for the filters',
  },
  get: { status: 200, schema: PRODUCT },
  create: { status: 201, schema: PRODUCT, errors: TAKEN },
  update: { status: 200, schema: PRODUCT, errors: { 409: 'The slug is taken, or the product changed meanwhile' } },
  archive: { status: 204 },
  setPrices: { status: 200, schema: PRODUCT, errors: { 404: 'No such product or variant' } },
  listCategories: { status: 200, schema: listOf(NODE), description: 'The category tree' },
  createCategory: { status: 201, schema: CATEGORY, errors: TAKEN },
  updateCategory: { status: 200, schema: CATEGORY, errors: { 409: 'The slug is taken, or the move would make a cycle' } },
  deleteCategory: { status: 204, errors: { 409: 'The category still has children or products' } },
} satisfies Record<string, ActionResponse>;
