import type { SqlRunner, SqlSession } from '../../mixins/store/postgres/postgres.store';
import { unaccent } from './search.index.ddl';

/** Serialises writes touching one SKU (a stock record against the product that lists it) until commit. */
export const lockSkus = async (tx: SqlSession, skus: string[]) => {
  for (const sku of [...new Set(skus)].sort()) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`search:${sku}`]);
};

/** Availability, stock and versions of the named products, from the stock table (run after lockSkus). */
export async function restock(tx: SqlSession, docs: string, stock: string, where: string, params: unknown[]): Promise<void> {
  await tx.query(
    `UPDATE ${docs} d SET
       in_stock = COALESCE(s.any_available, false),
       stock = jsonb_build_object('bySku', COALESCE(s.by_sku, '{}'::jsonb), 'byWarehouse', COALESCE(s.by_warehouse, '{}'::jsonb)),
       versions = jsonb_build_object('product', d.product_version) || COALESCE(s.versions, '{}'::jsonb)
     FROM ${docs} src LEFT JOIN LATERAL (
       SELECT bool_or(available > 0) AS any_available,
         jsonb_object_agg('sku:' || sku || '@' || warehouse, version) AS versions,
         (SELECT jsonb_object_agg(sku, n) FROM (SELECT sku, sum(GREATEST(available, 0)) AS n FROM ${stock}
           WHERE sku = ANY(src.skus) GROUP BY sku) x) AS by_sku,
         (SELECT jsonb_object_agg(warehouse, n) FROM (SELECT warehouse, sum(GREATEST(available, 0)) AS n FROM ${stock}
           WHERE sku = ANY(src.skus) GROUP BY warehouse) y) AS by_warehouse
       FROM ${stock} WHERE sku = ANY(src.skus)
     ) s ON true
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
