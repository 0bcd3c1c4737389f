import type { SqlRunner, SqlSession } from '../../mixins/store/postgres/postgres.store';
import type { SearchDocument } from './search.contract';
import { unaccent } from './search.index.ddl';
import type { IndexRow } from './search.rows.domain';

/**
 * Serialises writes touching one SKU (a stock record against the product that lists it) until
 * commit. One statement, locks taken in hash order by every writer, so two batches never wait on
 * each other in a cycle.
 */
export async function lockSkus(tx: SqlSession, skus: string[]): Promise<void> {
  if (skus.length === 0) return;
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(h)) FROM (
       SELECT DISTINCT hashtext('search:' || s) AS h FROM jsonb_array_elements_text($1::jsonb) AS s ORDER BY h
     ) locks`,
    [JSON.stringify(skus)],
  );
}

/** Availability, stock and versions from the stock rows of `skus` (an expression), as columns in_stock, stock, versions (productVersion: an expression). */
const stockOf = (stock: string, skus: string, productVersion: string) => `
  SELECT COALESCE(bool_or(available > 0), false) AS in_stock,
    jsonb_build_object(
      'bySku', COALESCE((SELECT jsonb_object_agg(sku, n) FROM (SELECT sku, sum(GREATEST(available, 0)) AS n FROM ${stock}
        WHERE sku = ANY(${skus}) GROUP BY sku) x), '{}'::jsonb),
      'byWarehouse', COALESCE((SELECT jsonb_object_agg(warehouse, n) FROM (SELECT warehouse, sum(GREATEST(available, 0)) AS n FROM ${stock}
        WHERE sku = ANY(${skus}) GROUP BY warehouse) y), '{}'::jsonb)) AS stock,
    jsonb_build_object('product', ${productVersion}) || COALESCE(jsonb_object_agg('sku:' || sku || '@' || warehouse, version)
      FILTER (WHERE sku IS NOT NULL), '{}'::jsonb) AS versions
  FROM ${stock} WHERE sku = ANY(${skus})`;

/** Availability, stock and versions of the named products, from the stock table (run after lockSkus). */
export async function restock(tx: SqlSession, docs: string, stock: string, where: string, params: unknown[]): Promise<void> {
  await tx.query(
    `UPDATE ${docs} d SET in_stock = s.in_stock, stock = s.stock, versions = s.versions
     FROM ${docs} src CROSS JOIN LATERAL (${stockOf(stock, 'src.skus', 'src.product_version')}) s
     WHERE d.id = src.id AND ${where}`,
    params,
  );
}

/** Sorted and outside the document's transaction, so two writers never wait on each other's words in a cycle. */
export async function learnWords(sql: SqlRunner, words: string, text: string): Promise<void> {
  await sql.query(
    `INSERT INTO ${words} (word, lexeme)
       SELECT w, (tsvector_to_array(to_tsvector('english', w)))[1] FROM (
         SELECT DISTINCT w FROM unnest(tsvector_to_array(to_tsvector('simple', ${unaccent('$1')}))) AS w
         WHERE length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alpha:]]+$'
       ) ws
       WHERE (tsvector_to_array(to_tsvector('english', w)))[1] IS NOT NULL
       ORDER BY w
       ON CONFLICT (word) DO NOTHING`,
    [text],
  );
}

/** One batch row per product: a repeated id would make ON CONFLICT touch a row twice. */
export function newestPerId(docs: SearchDocument[]): SearchDocument[] {
  const newest = new Map<string, SearchDocument>();
  for (const d of docs) {
    const seen = newest.get(d.id);
    if (!seen || (seen.versions.product ?? 0) <= (d.versions.product ?? 0)) newest.set(d.id, d);
  }
  return [...newest.values()];
}

/** The jsonb_to_recordset row of a document (column names as in the statement). */
export const recordOf = (doc: SearchDocument, row: IndexRow) => ({
  id: doc.id,
  status: row.status,
  doc,
  brand: row.brand,
  category_keys: row.categoryKeys,
  attr_keys: row.attrKeys,
  sku_list: row.skus,
  sku_keys: row.skuKeys,
  prices: row.prices,
  price_buckets: row.priceBuckets,
  price_mask: row.priceMask,
  name_key: row.nameKey,
  price_min: row.priceMin,
  price_max: row.priceMax,
  currency: row.currency,
  product_version: row.version,
  created_at: row.createdAt,
  next_price_change_at: row.nextPriceChangeAt,
  a: row.text.a,
  b: row.text.b,
  c: row.text.c,
  d: row.text.d,
});

/** Arrays travel as JSON text (pg and PGlite agree on it) and become arrays in SQL. */
const textArray = (expr: string) => `ARRAY(SELECT jsonb_array_elements_text(${expr}))`;
const bigintArray = (expr: string) => `ARRAY(SELECT jsonb_array_elements_text(${expr})::bigint)`;
const vector = (expr: string, weight: string) => `setweight(to_tsvector('english', ${unaccent(expr)}), '${weight}')`;

const UPSERT_COLUMNS = `id, status, doc, brand, category_keys, attr_keys, skus, sku_keys, prices, price_buckets,
  price_mask, name_key, price_min, price_max, currency, product_version, created_at, next_price_change_at, tsv,
  in_stock, stock, versions`;
const EXCLUDED_COLUMNS = UPSERT_COLUMNS.replace(/(\w+)/g, 'EXCLUDED.$1');

/**
 * Writes a batch of documents (jsonb_to_recordset of recordOf rows) where the stored version is older
 * (or equal, refreshing), with their stock computed in the same statement (run after lockSkus): one
 * row version per write, not an insert and then a stock update.
 */
export const upsertSql = (docs: string, stock: string, refresh: boolean): string =>
  `INSERT INTO ${docs} AS cur (${UPSERT_COLUMNS})
         SELECT r.id, r.status, r.doc, r.brand, ${textArray('r.category_keys')}, ${textArray('r.attr_keys')},
           r.skus, ${textArray('r.sku_keys')}, ${bigintArray('r.prices')}, ${bigintArray('r.price_buckets')},
           r.price_mask, r.name_key, r.price_min, r.price_max, r.currency, r.product_version, r.created_at, r.next_price_change_at,
           ${vector('r.a', 'A')} || ${vector('r.b', 'B')} || ${vector('r.c', 'C')} || ${vector('r.d', 'D')},
           s.in_stock, s.stock, s.versions
         FROM (SELECT r0.*, ${textArray('r0.sku_list')} AS skus
           FROM jsonb_to_recordset($1::jsonb) AS r0(id text, status text, doc jsonb, brand text, category_keys jsonb,
           attr_keys jsonb, sku_list jsonb, sku_keys jsonb, prices jsonb, price_buckets jsonb, price_mask integer, name_key text, price_min bigint, price_max bigint,
           currency text, product_version bigint, created_at bigint, next_price_change_at bigint, a text, b text, c text, d text)) r
         CROSS JOIN LATERAL (${stockOf(stock, 'r.skus', 'r.product_version')}) s
         ON CONFLICT (id) DO UPDATE SET (${UPSERT_COLUMNS}) = ROW(${EXCLUDED_COLUMNS})
         WHERE cur.product_version ${refresh ? '<=' : '<'} EXCLUDED.product_version
         RETURNING id`;
