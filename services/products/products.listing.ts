import type { Context } from 'moleculer';
import type { SearchPage } from '../search/search.contract';
import type { ListQuery, ProductPage } from './products.contract';
import { searchParamsOf } from './products.query.domain';

/**
 * One listing page, answered by the search read model (`search.query`): filters, facets, sorting
 * and paging run in its index, never over the catalog in memory. The index follows catalog writes
 * within about a second. With no search node up the call fails as unavailable (the gateway answers
 * 503, retryable), rather than falling back to a scan of the catalog.
 */
export async function listProducts(ctx: Context, query: ListQuery): Promise<ProductPage> {
  const found = await ctx.call<SearchPage, Record<string, unknown>>('search.query', searchParamsOf(query));
  const { rows, total, page, pageSize, facets } = found;
  return { rows, total, page, pageSize, facets };
}
