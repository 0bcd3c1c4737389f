import type { Product, ProductView } from '../products/products.contract';
import { priceAt, priceRangeOf, pricesOf } from '../products/products.prices.domain';
import type { SearchDocument, SearchVariant } from './search.contract';

const EMPTY_STOCK: SearchDocument['stock'] = { bySku: {}, byWarehouse: {} };

/** The first schedule boundary strictly after `at`: when this variant's price in effect next changes. */
function nextChange(variant: Product['variants'][number], at: number): number | undefined {
  const after = pricesOf(variant)
    .flatMap((p) => [p.from, p.to])
    .filter((b): b is number => b !== undefined && b > at);
  return after.length ? Math.min(...after) : undefined;
}

/** A product as the catalog exports it: with its category and every ancestor, root first. */
export type SourceProduct = Product & { categoryPath: string[]; categoryNames: string[]; categorySlugs: string[] };

/**
 * The document of a product as read from the catalog at `at`. Stock and availability are the
 * index's own (from inventory's records), so they start empty here. `version` is the source's.
 */
export function toSearchDocument(product: SourceProduct, at: number, version: number): SearchDocument {
  const variants: SearchVariant[] = product.variants.map((v) => {
    const next = nextChange(v, at);
    return {
      sku: v.sku,
      attributes: v.attributes ?? {},
      price: priceAt(pricesOf(v), at),
      ...(next !== undefined ? { nextPriceChangeAt: next } : {}),
      ...(v.taxClass ? { taxClass: v.taxClass } : {}),
    };
  });
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description ?? '',
    brand: product.brand,
    ...(product.categoryId ? { categoryId: product.categoryId } : {}),
    categoryPath: product.categoryPath,
    categoryNames: product.categoryNames,
    categorySlugs: product.categorySlugs,
    status: product.status,
    attributes: product.attributes ?? {},
    images: product.images ?? [],
    variants,
    stock: EMPTY_STOCK,
    inStock: false,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    versions: { product: version },
  };
}

/** What listings show of a document: the catalog's ProductView (prices in effect when indexed). */
export function toProductView(doc: SearchDocument): ProductView {
  const variants = doc.variants.map((v) => ({
    sku: v.sku,
    attributes: v.attributes,
    price: v.price,
    taxClass: v.taxClass ?? 'standard',
  }));
  return {
    id: doc.id,
    slug: doc.slug,
    name: doc.name,
    description: doc.description,
    brand: doc.brand,
    ...(doc.categoryId ? { categoryId: doc.categoryId } : {}),
    status: doc.status,
    attributes: doc.attributes,
    images: doc.images,
    variants,
    priceRange: priceRangeOf(variants.map((v) => v.price)),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
