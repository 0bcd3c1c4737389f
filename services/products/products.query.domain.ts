import type { ListQuery } from './products.contract';
import type { Problem } from './products.prices.domain';

/** Attribute names: lower-case words, the same rule on writes and in queries. */
export const ATTR_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const ATTR_VALUE_MAX = 100;
export const MAX_ATTR_FILTERS = 10;
const PLAIN = /^[^\p{Cc}\p{Cs}]*$/u;

/** Query keys the listing knows besides `attr.<name>`. */
export const LIST_KEYS = new Set(['search', 'category', 'brand', 'minPrice', 'maxPrice', 'attr', 'sort', 'page', 'pageSize']);

function attrProblem(field: string, value: unknown): Problem | null {
  const name = field.slice('attr.'.length);
  if (!ATTR_NAME.test(name))
    return { field, message: 'Attribute names are lower-case letters, digits and underscores (at most 40).' };
  if (typeof value !== 'string') return { field, message: `The '${field}' field must be a single text value.` };
  const v = value.trim();
  if (v.length < 1 || v.length > ATTR_VALUE_MAX || !PLAIN.test(v))
    return { field, message: `The '${field}' field must be 1 to ${ATTR_VALUE_MAX} printable characters.` };
  return null;
}

/**
 * The listing query from validated params plus the `attr.<name>=<value>` keys the query-string
 * parser leaves flat (`attr[name]=value` arrives as the `attr` object, which the validator checked).
 * Any other unknown key is refused, naming it, as `$$strict` would.
 */
export function listQueryOf(params: Record<string, unknown>): { query: ListQuery; problems: Problem[] } {
  const problems: Problem[] = [];
  const attr: Record<string, string> = {};
  for (const [name, value] of Object.entries((params.attr as Record<string, string> | undefined) ?? {}))
    attr[name] = value.trim();
  for (const [key, value] of Object.entries(params)) {
    if (LIST_KEYS.has(key)) continue;
    if (!key.startsWith('attr.')) {
      problems.push({ field: key, message: `The '${key}' field is not allowed.` });
      continue;
    }
    const problem = attrProblem(key, value);
    if (problem) problems.push(problem);
    else attr[key.slice('attr.'.length)] = (value as string).trim();
  }
  if (Object.keys(attr).length > MAX_ATTR_FILTERS)
    problems.push({ field: 'attr', message: `At most ${MAX_ATTR_FILTERS} attribute filters.` });
  const { minPrice, maxPrice } = params as { minPrice?: number; maxPrice?: number };
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
    problems.push({ field: 'minPrice', message: 'minPrice must not exceed maxPrice.' });
  const pick = <K extends keyof ListQuery>(k: K) => (params[k] === undefined || params[k] === '' ? {} : { [k]: params[k] });
  const query = {
    ...pick('search'),
    ...pick('category'),
    ...pick('brand'),
    ...pick('minPrice'),
    ...pick('maxPrice'),
    attr: Object.fromEntries(Object.entries(attr).sort(([a], [b]) => (a < b ? -1 : 1))),
    sort: params.sort,
    page: params.page,
    pageSize: params.pageSize,
  } as ListQuery;
  return { query, problems };
}

/**
 * The listing as `search.query` params: the search words are `q`, attribute filters the flat
 * `attr.<name>` keys the search service takes; paging and sorting pass through unchanged.
 */
export function searchParamsOf(query: ListQuery): Record<string, unknown> {
  const { search, attr, ...rest } = query;
  const flat = Object.fromEntries(Object.entries(attr).map(([name, value]) => [`attr.${name}`, value]));
  return { ...rest, ...(search ? { q: search } : {}), ...flat };
}
