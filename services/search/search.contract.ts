import type { Money } from '../../mixins/validation/money';
import type { TaxClass } from '../discounts/discounts.contract';
import type { Facets, ProductView, SortOrder } from '../products/products.contract';

/**
 * The contract of the search read model: what the projection keeps per product, what queries
 * answer, and what the sources (products, inventory) export and publish for it. The index is a
 * projection fed by durable events; a rebuild reads the sources' paged exports.
 */

/** One variant as indexed: the price in effect now and when it next changes. */
export interface SearchVariant {
  sku: string;
  attributes: Record<string, string>;
  price: Money | null;
  /** Epoch ms of the next scheduled price change of this variant, if any. */
  nextPriceChangeAt?: number;
  /** Absent means `standard`, as on the catalog's variants. */
  taxClass?: TaxClass;
}

/** One document per product. `versions` holds the source's version per entity, so an older event never wins. */
export interface SearchDocument {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId?: string;
  /** The category and every ancestor, root first. */
  categoryPath: string[];
  /** Category names along the path, indexed for words like `kitchen`. */
  categoryNames: string[];
  /** Category slugs along the path, so `?category=` takes a slug as well as an id. */
  categorySlugs?: string[];
  status: 'draft' | 'active' | 'archived';
  attributes: Record<string, string>;
  images: string[];
  variants: SearchVariant[];
  /** Available units (on hand − reserved) per warehouse, summed over the product's variants' SKUs, and per SKU. */
  stock: { bySku: Record<string, number>; byWarehouse: Record<string, number> };
  inStock: boolean;
  createdAt: number;
  updatedAt: number;
  /** `product` → the product's version; `sku:<sku>@<warehouse>` → the stock record's version. */
  versions: Record<string, number>;
}

/** `GET /api/search` after validation. */
export interface SearchQuery {
  q?: string;
  category?: string;
  brand?: string;
  attr: Record<string, string>;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort: SortOrder;
  page: number;
  pageSize: number;
}

/** The answer of `GET /api/search`; `GET /api/products` answers the same rows, total and facets. */
export interface SearchPage {
  rows: ProductView[];
  total: number;
  page: number;
  pageSize: number;
  facets: Facets & { availability: { inStock: number; outOfStock: number } };
  /** The words actually searched when typo tolerance replaced some; null when none was replaced. */
  correctedQuery: string | null;
}

/** Event payloads the projection consumes (v2 adds `version`; a consumer re-reads the entity and keeps the newest). */
export interface ProductChangedV2 {
  id: string;
  change: 'created' | 'updated' | 'archived' | 'deleted';
  version: number;
}

/** Published by inventory through its outbox with every change to a stock record's on-hand or reserved units. */
export interface StockChanged {
  sku: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
}

/** `products.export` / `inventory.export`: internal, idempotent, keyset pages in id order. */
export interface ExportPage<T> {
  rows: T[];
  /** Pass back as `after` for the next page; null after the last one. */
  next: string | null;
}
