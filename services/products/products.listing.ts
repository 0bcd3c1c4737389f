import type { Filter } from '../../mixins/store/store.types';
import { subtreeRange } from './products.categories.domain';
import type { ListQuery, ProductPage } from './products.contract';
import { attrKey, toView } from './products.domain';
import { facetsOf, inPriceRange, matchesWords, searchWords, sortListed, storeWord } from './products.listing.domain';
import type { ProductsThis } from './products.methods';

const NO_FACETS = { brands: [], attributes: {}, prices: [] };

/** The store filter for a query: what the engines can answer (status, category subtree, brand, attribute equality). */
async function storeFilter(svc: ProductsThis, query: ListQuery): Promise<Filter | null> {
  const filter: Filter = { status: 'active' };
  if (query.category) {
    const category = await svc.findCategory(query.category);
    if (!category) return null;
    const subtree = await svc.categories().find({ filter: { path: subtreeRange(category.path) } });
    filter.categoryId = { $in: subtree.map((c) => c.id) };
  }
  if (query.brand) filter.brand = query.brand;
  for (const [name, value] of Object.entries(query.attr)) filter[`attrKeys.${attrKey(name, value)}`] = true;
  return filter;
}

/**
 * One listing page with prices as at `at`. The store searches for the longest word; the other words,
 * the price filter, facets, sorting and paging run in memory over the filtered set (see the domain).
 */
export async function listProducts(svc: ProductsThis, query: ListQuery, at: number): Promise<ProductPage> {
  const { page, pageSize } = query;
  const filter = await storeFilter(svc, query);
  if (!filter) return { rows: [], total: 0, page, pageSize, facets: NO_FACETS };
  const words = searchWords(query.search);
  const word = storeWord(words);
  const found = await svc.products().find({ filter, search: word ? { text: word, fields: ['name', 'description'] } : undefined });
  const items = found
    .filter((p) => matchesWords(p, words))
    .map((product) => ({ product, view: toView(product, at) }))
    .filter((i) => inPriceRange(i.view, query.minPrice, query.maxPrice));
  const start = (page - 1) * pageSize;
  const rows = sortListed(items, query.sort, words)
    .slice(start, start + pageSize)
    .map((i) => i.view);
  return { rows, total: items.length, page, pageSize, facets: facetsOf(items) };
}
