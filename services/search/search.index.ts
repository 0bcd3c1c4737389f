import type { FacetValue, PriceBucket, SortOrder } from '../products/products.contract';
import type { SearchDocument, SearchQuery, StockChanged } from './search.contract';

/**
 * The search index behind one interface (SearchIndex); PostgreSQL implements it on a server and on
 * PGlite with the same SQL (search.index.pg.ts writes, search.index.query.ts reads). Stable API for
 * the rebuild, repair, listing and bench code: add, never change, these signatures.
 *
 * Layout (SCHEMA_VERSION 3), in the `search` store's database (PGlite: its schema):
 * - `search_meta(key, value jsonb)`: `live` → `{gen, schema}`, the generation queries read.
 * - per generation `<gen>` (`g` + lower-case letters/digits/underscores), a table set:
 *   - `search_docs_<gen>`: one row per product (tombstones have status `deleted`): `doc` jsonb (the
 *     SearchDocument), `status`, `brand`, `category_keys text[]` (path ids and slugs, ancestors
 *     included), `attr_keys text[]` (`name=value` of product and variant attributes), `sku_keys
 *     text[]` (lower-case), `skus text[]`, `prices bigint[]` and `price_buckets bigint[]` (current
 *     prices; `price_mask`: bit k set when a price falls in bucket k), `name_key` (lower-case name,
 *     for sorting without reading `doc`), `price_min`, `price_max`, `currency`, `in_stock`, `stock` jsonb, `versions` jsonb,
 *     `product_version`, `created_at`, `next_price_change_at`, and `tsv`: a stored tsvector, 'english'
 *     config over unaccented text, weights A (SKUs, name), B (brand), C (category names, attribute
 *     values), D (description). GIN on tsv, category_keys, attr_keys, sku_keys; btree on brand,
 *     price_min, created_at, next_price_change_at. The wide columns (doc, tsv, stock, versions) are
 *     stored out of line, the keys in line (storageDdl in search.index.ddl.ts: narrow heap pages).
 *   - `search_stock_<gen>(sku, warehouse, available, version)`: the newest stock record per pair.
 *   - `search_words_<gen>(word, lexeme)`: distinct words of indexed text with their stem; trigram
 *     GiST on word (nearest-neighbour order for typo correction), pattern btree on lexeme.
 *   - `search_counts_<gen>` / `search_deltas_<gen>`: exact facet counts per (category key or `*`, brand or
 *     `*`, in_stock) × facet, the base and the signed rows a trigger on the documents table appends in
 *     each writer's transaction (search.facets.ddl.ts); browsing without words reads them
 *     (search.facets.query.ts) and its page from the sort's index with LIMIT.
 * - views `search_docs`, `search_stock`, `search_words`, `search_counts`, `search_deltas` select from the live generation; switching is
 *   one transaction replacing the views (every node sees it at once; the old tables stay until dropped).
 * - `search_synonyms(term, alternatives text[])`: admin-managed, shared by every generation.
 *
 * Idempotence: a product write applies only when its version is newer than the stored
 * `product_version`; a stock record only when its version is newer than the stored pair's. Any
 * repeat or late delivery is a no-op, so consumers need no separate inbox.
 */

export const SCHEMA_VERSION = 3;

/** Where a write goes: the live generation (default) or a named one being built. */
export interface Target {
  gen?: string;
}

/** The filters of a query as validated (SearchQuery), with its words already expanded and corrected (search.searcher.ts). */
export interface IndexQuery extends Pick<SearchQuery, 'category' | 'brand' | 'attr' | 'minPrice' | 'maxPrice' | 'inStock'> {
  /** Groups of alternatives, every group must match (AND of ORs); the last group may be a prefix. */
  terms: string[][];
  prefixLast: boolean;
  /** A lower-cased SKU the whole query could be: that product ranks first. */
  sku?: string;
  sort: SortOrder;
  offset: number;
  limit: number;
  /** Draft and archived products count too (admin listings); the public sees active ones only. */
  anyStatus?: boolean;
}

export interface IndexFacets {
  brands: FacetValue[];
  attributes: Record<string, FacetValue[]>;
  prices: PriceBucket[];
  availability: { inStock: number; outOfStock: number };
}

export interface IndexPage {
  docs: SearchDocument[];
  total: number;
  facets: IndexFacets;
}

/** How a word of a query fares against the dictionary. */
export interface WordMatch {
  word: string;
  /** Some indexed word has this stem (or, for a prefix, starts with it). */
  known: boolean;
  /** Nearest dictionary words by trigram distance, nearest first (only when not known). */
  candidates: string[];
}

export interface SearchIndex {
  /** Creates the shared tables and, when none is live, an empty live generation. Idempotent. */
  ensure(): Promise<void>;
  /** The live generation and the schema version it was built with. */
  live(): Promise<{ gen: string; schema: number } | null>;
  /** Its tables and indexes; with `deferIndexes`, the tables alone (a rebuild fills them, then calls finishGeneration). */
  createGeneration(gen: string, opts?: { deferIndexes?: boolean }): Promise<void>;
  /** Creates what createGeneration deferred and refreshes the planner's statistics: before queries read it. */
  finishGeneration(gen: string): Promise<void>;
  /** Points the views at `gen` in one transaction; the previous generation's tables remain. */
  switchTo(gen: string): Promise<void>;
  dropGeneration(gen: string): Promise<void>;
  generations(): Promise<string[]>;
  /** Writes the product part of a document; false when a newer (or equal, unless `refresh`) version is stored. */
  upsert(doc: SearchDocument, opts?: Target & { refresh?: boolean }): Promise<boolean>;
  /** The same for many documents in one transaction (rebuilds, repairs); answers how many were written. */
  upsertMany(docs: SearchDocument[], opts?: Target & { refresh?: boolean }): Promise<number>;
  /** Marks the product deleted (a tombstone keeps the version, so a late write cannot revive it). */
  remove(id: string, version: number, opts?: Target): Promise<boolean>;
  /** Applies a stock record when newer than the stored one; false otherwise. */
  applyStock(stock: StockChanged, opts?: Target): Promise<boolean>;
  /** The same for many records in one transaction; answers how many were newer and written. */
  applyStockMany(records: StockChanged[], opts?: Target): Promise<number>;
  query(q: IndexQuery): Promise<IndexPage>;
  /** One document by id, tombstones included (status `deleted` is absent from SearchDocument: null then). */
  get(id: string, opts?: Target): Promise<SearchDocument | null>;
  /** Ids of products whose next price change is at or before `at`, at most `limit`. */
  dueForRepricing(at: number, limit: number): Promise<string[]>;
  /** Ids (in order, after `after`) of products indexed under a category at any depth, for category renames. */
  idsInCategory(categoryId: string, limit: number, after?: string): Promise<string[]>;
  words(words: string[], prefixLast: boolean): Promise<WordMatch[]>;
  /** Which of these words the dictionary holds exactly (edit-distance-1 variants of an unknown word). */
  knownWords(words: string[]): Promise<string[]>;
  synonyms(): Promise<Record<string, string[]>>;
  /** Replaces every synonym group. */
  setSynonyms(groups: Record<string, string[]>): Promise<void>;
  /** Alternatives for these terms (each term maps to the other members of its groups). */
  synonymsOf(terms: string[]): Promise<Record<string, string[]>>;
}

export const GENERATION = /^g[a-z0-9_]{1,40}$/;
