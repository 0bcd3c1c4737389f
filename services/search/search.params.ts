import { idParam, pageParams, searchParam, textParam } from '../../mixins/validation/params';
import { SORTS } from '../products/products.contract';
import { ATTR_NAME, ATTR_VALUE_MAX, MAX_ATTR_FILTERS } from '../products/products.query.domain';
import type { SearchQuery } from './search.contract';
import { MAX_RESULT_WINDOW } from './search.query.domain';

/** The sorts of `GET /api/search` (the listing's name sorts stay on the internal action). */
export const SEARCH_SORTS = ['relevance', 'price', '-price', 'newest'] as const;

const price = { type: 'number', integer: true, min: 0, max: 1e12, convert: true, optional: true } as const;

/** `attr.<name>` keys arrive flat from the query string, so the object is not strict; searchQueryOf checks the rest. */
export const searchParams = {
  q: searchParam(200),
  category: { ...idParam, optional: true },
  brand: { ...textParam(100), optional: true },
  minPrice: price,
  maxPrice: price,
  inStock: { type: 'boolean', convert: true, optional: true },
  sort: { type: 'enum', values: [...SEARCH_SORTS], default: 'relevance' },
  ...pageParams,
} as const;

/** The internal `search.query`: the same query, plus the listing's sorts and an admin scope. */
export const internalQueryParams = { anyStatus: { type: 'boolean', optional: true } } as const;
export const LISTING_SORTS = SORTS;

const KNOWN = new Set([...Object.keys(searchParams), 'attr']);
const PLAIN = /^[^\p{Cc}\p{Cs}]*$/u;

export interface Problem {
  field: string;
  message: string;
}

/** The validated params as a SearchQuery, or the problems naming each bad field. */
export function searchQueryOf(params: Record<string, unknown>): { query: SearchQuery; problems: Problem[] } {
  const problems: Problem[] = [];
  const attr: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (KNOWN.has(key)) continue;
    const name = key.startsWith('attr.') ? key.slice('attr.'.length) : null;
    if (name === null) problems.push({ field: key, message: `The '${key}' field is not allowed.` });
    else if (!ATTR_NAME.test(name))
      problems.push({ field: key, message: 'Attribute names are lower-case letters, digits and underscores (at most 40).' });
    else if (typeof value !== 'string' || !value.trim() || value.trim().length > ATTR_VALUE_MAX || !PLAIN.test(value))
      problems.push({ field: key, message: `The '${key}' field must be 1 to ${ATTR_VALUE_MAX} printable characters.` });
    else attr[name] = value.trim();
  }
  if (params.attr !== undefined) problems.push({ field: 'attr', message: "Filter attributes as 'attr.<name>=<value>'." });
  if (Object.keys(attr).length > MAX_ATTR_FILTERS)
    problems.push({ field: 'attr', message: `At most ${MAX_ATTR_FILTERS} attribute filters.` });
  const p = params as Partial<SearchQuery> & { page: number; pageSize: number };
  if (p.minPrice !== undefined && p.maxPrice !== undefined && p.minPrice > p.maxPrice)
    problems.push({ field: 'minPrice', message: 'minPrice must not exceed maxPrice.' });
  if (p.page * p.pageSize > MAX_RESULT_WINDOW)
    problems.push({ field: 'page', message: `Results are served to a depth of ${MAX_RESULT_WINDOW}: narrow the search.` });
  const query: SearchQuery = {
    ...(p.q ? { q: p.q } : {}),
    ...(p.category ? { category: p.category } : {}),
    ...(p.brand ? { brand: p.brand } : {}),
    ...(p.minPrice !== undefined ? { minPrice: p.minPrice } : {}),
    ...(p.maxPrice !== undefined ? { maxPrice: p.maxPrice } : {}),
    ...(p.inStock !== undefined ? { inStock: p.inStock } : {}),
    attr,
    sort: p.sort ?? 'relevance',
    page: p.page,
    pageSize: p.pageSize,
  };
  return { query, problems };
}
