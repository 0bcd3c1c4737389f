import { Errors, type Context, type Service, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import type { StoresMethods, StoresVars } from '../../mixins/stores.mixin';
import type { SearchDocument, SearchPage } from './search.contract';
import type { SearchIndex } from './search.index';
import { internalQueryParams, LISTING_SORTS, searchParams, searchQueryOf, type Problem } from './search.params';
import { SEARCH_RESPONSES } from './search.responses';
import { search } from './search.searcher';

export interface SearchVars extends StoresVars {
  index: SearchIndex;
  /** Set once the index's tables exist (search.service.ts). */
  indexReady?: Promise<void>;
}
export type SearchThis = Service & SearchVars & StoresMethods;
type SearchActions = NonNullable<ServiceSchema<ServiceSettingSchema, StoresMethods, SearchVars>['actions']>;

const ADMIN = { roles: ['admin' as const] };
const invalid = (problems: Problem[]) => new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', problems);

/** Synonym terms: one lower-case word, letters and digits with inner hyphens (`t-shirt`). */
const TERM = /^[\p{Ll}\p{N}](?:[\p{Ll}\p{N}-]{0,38}[\p{Ll}\p{N}])?$/u;
const MAX_TERMS = 1_000;
const MAX_ALTERNATIVES = 20;
const termParam = { type: 'string', min: 1, max: 40, pattern: TERM } as const;
const synonymsParams = {
  synonyms: { type: 'record', key: termParam, value: { type: 'array', items: termParam, min: 1, max: MAX_ALTERNATIVES } },
  $$strict: true,
} as const;

async function answer(svc: SearchThis, params: Record<string, unknown>, anyStatus = false): Promise<SearchPage> {
  const { query, problems } = searchQueryOf(params);
  if (problems.length) throw invalid(problems);
  return search(svc.index, query, { anyStatus });
}

/** The public search, its internal twin for the catalog listing, and the synonym list admins manage. */
export const searchActions: SearchActions = {
  search: {
    rest: 'GET /',
    response: SEARCH_RESPONSES.search,
    access: 'public',
    idempotent: true,
    params: searchParams,
    handler(this: SearchThis, ctx: Context<Record<string, unknown>>): Promise<SearchPage> {
      return answer(this, ctx.params);
    },
  },

  /** `products.list` answers through this: the listing's params (its name sorts too) and, for admins, every status. */
  query: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { ...searchParams, sort: { type: 'enum', values: [...LISTING_SORTS], default: 'relevance' }, ...internalQueryParams },
    handler(this: SearchThis, ctx: Context<Record<string, unknown> & { anyStatus?: boolean }>): Promise<SearchPage> {
      const { anyStatus, ...params } = ctx.params;
      return answer(this, params, anyStatus === true);
    },
  },

  /** One product's document as indexed (stock, availability and versions per entity): for audits, repairs and tests. */
  document: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { id: { type: 'string', min: 1, max: 64 }, $$strict: true },
    handler(this: SearchThis, ctx: Context<{ id: string }>): Promise<SearchDocument | null> {
      return this.index.get(ctx.params.id);
    },
  },

  synonyms: {
    rest: { method: 'GET', path: '/search/synonyms', basePath: '/admin' },
    response: SEARCH_RESPONSES.synonyms,
    access: ADMIN,
    idempotent: true,
    async handler(this: SearchThis): Promise<{ synonyms: Record<string, string[]> }> {
      return { synonyms: await this.index.synonyms() };
    },
  },

  /** Replaces the whole list; each pair works both ways (`tee` finds `t-shirt` and back). */
  setSynonyms: {
    rest: { method: 'PUT', path: '/search/synonyms', basePath: '/admin' },
    response: SEARCH_RESPONSES.setSynonyms,
    access: ADMIN,
    idempotent: true,
    params: synonymsParams,
    async handler(this: SearchThis, ctx: Context<{ synonyms: Record<string, string[]> }>) {
      if (Object.keys(ctx.params.synonyms).length > MAX_TERMS)
        throw invalid([{ field: 'synonyms', message: `At most ${MAX_TERMS} terms.` }]);
      await this.index.setSynonyms(ctx.params.synonyms);
      return { synonyms: await this.index.synonyms() };
    },
  },
};
