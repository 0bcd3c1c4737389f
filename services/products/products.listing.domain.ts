import type { FacetValue, Facets, PriceBucket, Product, ProductView, SortOrder } from './products.contract';
import { attributePairs } from './products.domain';

/**
 * The in-memory half of a listing: the store filters status, category, brand and attribute
 * equality, and searches for one word; the other search words, the price filter, facets, sorting
 * and paging run here over the filtered set (fine for catalogs of some thousands of products per
 * query; a search engine takes over beyond that).
 */

export interface Listed {
  product: Product;
  view: ProductView;
}

export const MAX_SEARCH_WORDS = 8;

/** Price bucket edges in minor units; the last bucket is open-ended. */
export const PRICE_EDGES = [0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000];

/** The distinct lower-cased words of a search, at most MAX_SEARCH_WORDS. */
export function searchWords(text: string | undefined): string[] {
  const words = (text ?? '').toLowerCase().split(/\s+/u).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/** The word the store searches for: the longest, as the most selective guess. */
export const storeWord = (words: string[]): string | undefined => [...words].sort((a, b) => b.length - a.length)[0];

const haystack = (p: Pick<Product, 'name' | 'description'>) => ({
  name: p.name.toLowerCase(),
  description: (p.description ?? '').toLowerCase(),
});

/** Every word appears in the name or the description (case-insensitive substring, as the store's search). */
export function matchesWords(p: Pick<Product, 'name' | 'description'>, words: string[]): boolean {
  const h = haystack(p);
  return words.every((w) => h.name.includes(w) || h.description.includes(w));
}

/** Two points per word in the name, one per word only in the description. */
export function relevance(p: Pick<Product, 'name' | 'description'>, words: string[]): number {
  const h = haystack(p);
  return words.reduce((score, w) => score + (h.name.includes(w) ? 2 : h.description.includes(w) ? 1 : 0), 0);
}

/** A product is in a price range when one of its variants' current prices is (bounds inclusive). */
export function inPriceRange(view: ProductView, min?: number, max?: number): boolean {
  if (min === undefined && max === undefined) return true;
  return view.variants.some((v) => v.price !== null && v.price.amount >= (min ?? 0) && v.price.amount <= (max ?? Infinity));
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (x: Listed, y: Listed) => text(x.view.name.toLowerCase(), y.view.name.toLowerCase()) || text(x.view.id, y.view.id);
/** Products without a current price sort after every priced one, in either direction. */
const byPrice = (desc: boolean) => (x: Listed, y: Listed) => {
  const a = x.view.priceRange?.min;
  const b = y.view.priceRange?.min;
  if (a === undefined || b === undefined) return a === b ? byName(x, y) : a === undefined ? 1 : -1;
  return (desc ? b - a : a - b) || byName(x, y);
};

/** Sorted copy; every order ends with name and id so pages are stable. Prices sort by the lowest current price. */
export function sortListed(items: Listed[], sort: SortOrder, words: string[]): Listed[] {
  const out = [...items];
  switch (sort) {
    case 'name':
      return out.sort(byName);
    case '-name':
      return out.sort((x, y) => byName(y, x));
    case 'price':
      return out.sort(byPrice(false));
    case '-price':
      return out.sort(byPrice(true));
    case 'newest':
      return out.sort((x, y) => y.view.createdAt - x.view.createdAt || text(x.view.id, y.view.id));
    default: {
      const scores = new Map(out.map((i) => [i.view.id, relevance(i.product, words)]));
      return out.sort((x, y) => scores.get(y.view.id)! - scores.get(x.view.id)! || byName(x, y));
    }
  }
}

function counted(counts: Map<string, number>): FacetValue[] {
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || text(a.value, b.value));
}

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * Facet counts over the filtered set, each counting products: brands; every attribute value a
 * product (or one of its variants) has; and price buckets, where a product counts in each bucket
 * holding one of its current prices, which is what filtering on that bucket would return.
 */
export function facetsOf(items: Listed[]): Facets {
  const brands = new Map<string, number>();
  const attributes = new Map<string, Map<string, number>>();
  const buckets = new Map<number, number>();
  for (const { product, view } of items) {
    bump(brands, view.brand);
    for (const [name, value] of attributePairs(product)) {
      if (!attributes.has(name)) attributes.set(name, new Map());
      bump(attributes.get(name)!, value);
    }
    const edges = new Set(view.variants.flatMap((v) => (v.price ? [bucketOf(v.price.amount)] : [])));
    edges.forEach((e) => buckets.set(e, (buckets.get(e) ?? 0) + 1));
  }
  const names = [...attributes.keys()].sort(text);
  const prices: PriceBucket[] = [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([from, count]) => ({ from, to: PRICE_EDGES[PRICE_EDGES.indexOf(from) + 1] ?? null, count }));
  return { brands: counted(brands), attributes: Object.fromEntries(names.map((n) => [n, counted(attributes.get(n)!)])), prices };
}

/** The lower edge of the bucket holding an amount. */
export function bucketOf(amount: number): number {
  let edge = PRICE_EDGES[0];
  for (const e of PRICE_EDGES) if (amount >= e) edge = e;
  return edge;
}
