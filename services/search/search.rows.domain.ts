import { bucketOf, PRICE_EDGES } from '../products/products.listing.domain';
import type { SearchDocument } from './search.contract';

/**
 * The columns the index derives from a document: what filters, facets and ranking read. Pure, so
 * the rebuild and the projection derive exactly the same row.
 */
export interface IndexRow {
  status: string;
  brand: string;
  categoryKeys: string[];
  attrKeys: string[];
  skus: string[];
  skuKeys: string[];
  prices: number[];
  priceBuckets: number[];
  /** Bit k set when a current price falls in the bucket starting at PRICE_EDGES[k]. */
  priceMask: number;
  /** Lower-case name: the name sorts. */
  nameKey: string;
  priceMin: number | null;
  priceMax: number | null;
  currency: string | null;
  createdAt: number;
  nextPriceChangeAt: number | null;
  version: number;
  /** Text per weight: A (SKUs, name), B (brand), C (category names, attribute values), D (description). */
  text: { a: string; b: string; c: string; d: string };
}

/** `name=value`: attribute names are `[a-z][a-z0-9_]*`, so the first `=` always ends the name. */
export const attrKeyOf = (name: string, value: string): string => `${name}=${value}`;

export function splitAttrKey(key: string): [string, string] {
  const at = key.indexOf('=');
  return [key.slice(0, at), key.slice(at + 1)];
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

export function indexRow(doc: SearchDocument): IndexRow {
  const attrPairs = [...Object.entries(doc.attributes), ...doc.variants.flatMap((v) => Object.entries(v.attributes))];
  const prices = doc.variants.flatMap((v) => (v.price ? [v.price.amount] : []));
  const changes = doc.variants.flatMap((v) => (v.nextPriceChangeAt !== undefined ? [v.nextPriceChangeAt] : []));
  const skus = doc.variants.map((v) => v.sku);
  return {
    status: doc.status,
    brand: doc.brand,
    categoryKeys: uniq([...doc.categoryPath, ...(doc.categorySlugs ?? [])]),
    attrKeys: uniq(attrPairs.map(([n, v]) => attrKeyOf(n, v))),
    skus,
    skuKeys: uniq(skus.map((s) => s.toLowerCase())),
    prices: uniq(prices),
    priceBuckets: uniq(prices.map(bucketOf)),
    priceMask: uniq(prices.map(bucketOf)).reduce((mask, edge) => mask | (1 << PRICE_EDGES.indexOf(edge)), 0),
    nameKey: doc.name.toLowerCase(),
    priceMin: prices.length ? Math.min(...prices) : null,
    priceMax: prices.length ? Math.max(...prices) : null,
    currency: doc.variants.find((v) => v.price)?.price?.currency ?? null,
    createdAt: doc.createdAt,
    nextPriceChangeAt: changes.length ? Math.min(...changes) : null,
    version: doc.versions.product ?? 0,
    text: {
      a: [...skus, doc.name].join(' '),
      b: doc.brand,
      c: [...doc.categoryNames, ...uniq(attrPairs.map(([, v]) => v))].join(' '),
      d: doc.description,
    },
  };
}

/** Text the words dictionary learns from: the words people type (SKUs are codes, matched exactly, never corrected to). */
export const dictionaryText = (doc: Pick<SearchDocument, 'name'>, row: IndexRow): string =>
  [doc.name, row.text.b, row.text.c, row.text.d].join(' ');
