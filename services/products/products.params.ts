import { idParam, pageParams, searchParam, textParam } from '../../mixins/validation/params';
import { TAX_CLASSES } from '../discounts/discounts.contract';
import { moneyParam, PRODUCT_STATUSES, SORTS } from './products.contract';
import { ATTR_NAME, ATTR_VALUE_MAX } from './products.query.domain';

/** fastest-validator rules of the catalog's actions; every string and list is bounded. */

export { idParam };
export const skuParam = { type: 'string', pattern: /^[A-Z0-9][A-Z0-9-]{0,63}$/ } as const;
export const slugParam = { type: 'string', max: 120, pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/ } as const;
/** Descriptions keep line breaks and tabs; other control characters (NUL above all) are refused. */
const description = { type: 'string', max: 5_000, pattern: /^(?:[^\p{Cc}\p{Cs}]|[\t\n\r])*$/u } as const;
const imageUrl = { type: 'string', max: 2_048, pattern: /^https?:\/\/[^\s\p{Cc}\p{Cs}]+$/u } as const;
/** Epoch milliseconds up to the year 9999. */
const instant = { type: 'number', integer: true, min: 0, max: 253_402_300_799_999, optional: true } as const;
const optional = <T extends object>(rule: T) => ({ ...rule, optional: true }) as const;

export const attributesParam = {
  type: 'record',
  key: { type: 'string', pattern: ATTR_NAME },
  value: textParam(ATTR_VALUE_MAX),
} as const;

export const pricesParam = {
  type: 'array',
  min: 1,
  max: 50,
  items: { type: 'object', strict: true, props: { ...moneyParam.props, from: instant, to: instant } },
} as const;

/** Shipping weight per unit in grams (a tonne at most) and dimensions in whole millimetres. */
const weightParam = { type: 'number', integer: true, min: 0, max: 1_000_000, optional: true } as const;
const millimetres = { type: 'number', integer: true, min: 1, max: 100_000 } as const;
const dimensionsParam = {
  type: 'object',
  strict: true,
  optional: true,
  props: { l: millimetres, w: millimetres, h: millimetres },
} as const;

const variantParam = {
  type: 'object',
  strict: true,
  props: {
    sku: skuParam,
    attributes: optional(attributesParam),
    prices: optional(pricesParam),
    price: optional(moneyParam),
    taxClass: { type: 'enum', values: TAX_CLASSES, optional: true },
    weightG: weightParam,
    dimensionsMm: dimensionsParam,
  },
} as const;
const variantsParam = { type: 'array', min: 1, max: 100, items: variantParam } as const;
const statusParam = { type: 'enum', values: PRODUCT_STATUSES } as const;
const imagesParam = { type: 'array', max: 20, items: imageUrl } as const;

export const createProductParams = {
  slug: slugParam,
  name: textParam(200),
  description: optional(description),
  brand: textParam(100),
  categoryId: optional(idParam),
  status: optional(statusParam),
  attributes: optional(attributesParam),
  images: optional(imagesParam),
  variants: variantsParam,
  $$strict: true,
} as const;

export const updateProductParams = {
  id: idParam,
  slug: optional(slugParam),
  name: optional(textParam(200)),
  description: optional(description),
  brand: optional(textParam(100)),
  categoryId: { ...idParam, optional: true, nullable: true },
  status: optional(statusParam),
  attributes: optional(attributesParam),
  images: optional(imagesParam),
  variants: optional(variantsParam),
  $$strict: true,
} as const;

export const setPricesParams = { id: idParam, sku: skuParam, prices: pricesParam, $$strict: true } as const;

/**
 * The listing's query. Not `$$strict`: `attr.<name>=<value>` keys arrive flat and are collected
 * (and every other unknown key refused) by `listQueryOf`.
 */
export const listParams = {
  search: searchParam(200),
  category: optional(idParam),
  brand: { ...textParam(100), optional: true },
  minPrice: { type: 'number', integer: true, min: 0, max: 1e12, convert: true, optional: true },
  maxPrice: { type: 'number', integer: true, min: 0, max: 1e12, convert: true, optional: true },
  attr: { ...attributesParam, optional: true },
  sort: { type: 'enum', values: [...SORTS], default: 'relevance' },
  ...pageParams,
} as const;

export const createCategoryParams = {
  slug: slugParam,
  name: textParam(100),
  parentId: optional(idParam),
  $$strict: true,
} as const;

export const updateCategoryParams = {
  id: idParam,
  slug: optional(slugParam),
  name: optional(textParam(100)),
  parentId: { ...idParam, optional: true, nullable: true },
  $$strict: true,
} as const;

export const skusParams = { skus: { type: 'array', min: 1, max: 100, items: skuParam }, $$strict: true } as const;
