export type { Money } from '../../mixins/validation/money';
import type { Money } from '../../mixins/validation/money';
import type { TaxClass } from '../discounts/discounts.contract';
import type { Physical } from './products.physical';
export type { DimensionsMm, Physical } from './products.physical';

/**
 * One entry of a variant's price schedule. Without `from` and `to` it is the open-ended base price;
 * with either it is scheduled for the window [from, to) (epoch ms; a missing end is unbounded).
 */
export interface Price extends Money {
  from?: number;
  to?: number;
}

export interface Variant extends Physical {
  sku: string;
  prices?: Price[];
  attributes?: Record<string, string>;
  /** Rows written before price schedules carry a single price instead: read as an open-ended base price (`pricesOf`). */
  price?: Money;
  /** Absent means `standard` (variants are json: no migration needed). */
  taxClass?: TaxClass;
}

export type ProductStatus = 'draft' | 'active' | 'archived';
export const PRODUCT_STATUSES: ProductStatus[] = ['draft', 'active', 'archived'];

export type Product = {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId?: string;
  status: ProductStatus;
  attributes: Record<string, string>;
  variants: Variant[];
  images: string[];
  /** Derived on every write: one key per attribute name=value (product or variant), so equality filters reach the store. */
  attrKeys?: Record<string, true>;
  /** Derived on every write: every schedule boundary (from/to) of every variant, sorted; absent when there is none. */
  priceBounds?: number[];
  createdAt: number;
  updatedAt: number;
  version?: number;
};

/** Maps a SKU (the id) to its product: SKUs are unique across the catalog, and carts look products up by SKU. */
export type SkuRow = { id: string; productId: string };

export type Category = {
  id: string;
  slug: string;
  name: string;
  parentId?: string;
  /** Materialised ancestry including the category itself, `/root-id/child-id/`: a subtree is one range query. */
  path: string;
  createdAt: number;
  updatedAt: number;
  version?: number;
};

export interface CategoryNode {
  id: string;
  slug: string;
  name: string;
  parentId?: string;
  path: string;
  children: CategoryNode[];
}

/** A variant as readers see it: the price in effect now; admins also get the schedule. */
export interface VariantView extends Physical {
  sku: string;
  attributes: Record<string, string>;
  price: Money | null;
  prices?: Price[];
  taxClass: TaxClass;
}

export interface PriceRange {
  min: number;
  max: number;
  currency: string;
}

export interface ProductView {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId?: string;
  status: ProductStatus;
  attributes: Record<string, string>;
  images: string[];
  variants: VariantView[];
  priceRange: PriceRange | null;
  createdAt: number;
  updatedAt: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

/** `to` is exclusive and null for the open-ended top bucket. */
export interface PriceBucket {
  from: number;
  to: number | null;
  count: number;
}

export interface Facets {
  brands: FacetValue[];
  attributes: Record<string, FacetValue[]>;
  prices: PriceBucket[];
}

export interface ProductPage {
  rows: ProductView[];
  total: number;
  page: number;
  pageSize: number;
  facets: Facets;
}

export const SORTS = ['relevance', 'name', '-name', 'price', '-price', 'newest'] as const;
export type SortOrder = (typeof SORTS)[number];

/** A listing query after validation: what the cached listing is keyed by (with the price epoch). */
export interface ListQuery {
  search?: string;
  category?: string;
  brand?: string;
  minPrice?: number;
  maxPrice?: number;
  attr: Record<string, string>;
  sort: SortOrder;
  page: number;
  pageSize: number;
}

/** A variant as written: a schedule, or the single `price` shorthand (an open-ended base price). */
export interface VariantInput extends Physical {
  sku: string;
  attributes?: Record<string, string>;
  prices?: Price[];
  price?: Money;
  taxClass?: TaxClass;
}

export interface ProductInput {
  slug: string;
  name: string;
  description?: string;
  brand: string;
  categoryId?: string;
  status?: ProductStatus;
  attributes?: Record<string, string>;
  images?: string[];
  variants: VariantInput[];
}

/** PATCH: every field optional; `categoryId: null` takes the product out of its category. */
export type ProductPatch = Partial<Omit<ProductInput, 'categoryId'>> & { categoryId?: string | null };

/** `products.variantsBySku` answer row (contract shared with carts and orders). */
export interface SkuInfo extends Physical {
  sku: string;
  productId: string;
  productName: string;
  slug: string;
  productStatus: ProductStatus;
  price: Money | null;
  attributes: Record<string, string>;
  image?: string;
  taxClass: TaxClass;
  /** The product's category and its ancestors' ids, root first (from the category's `path`); empty when uncategorised. */
  categoryPath: string[];
}

/** Outbox event payloads. */
/** v2: `version` is the product's store version after the write, so a consumer keeps the newest. Products are never deleted. */
export interface ProductChanged {
  id: string;
  change: 'created' | 'updated' | 'archived';
  version: number;
}
/** v2: `version` is the category's store version after the write (its last one when deleted). */
export interface CategoryChanged {
  id: string;
  change: 'created' | 'updated' | 'deleted';
  version: number;
}

export { moneyParam } from '../../mixins/validation/money';
