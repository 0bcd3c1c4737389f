import type { SqlSession } from '../../mixins/store/postgres/postgres.store';

/** The tables the views point at: the live generation. */
export const LIVE = { docs: 'search_docs', stock: 'search_stock' };

/**
 * Product ids and SKUs `from` holds at a newer version than `to` (or that `to` lacks): what the live
 * generation took from events while a new one was filled, to be re-read into it from the sources.
 * A category moved (or its slug changed) refreshes its products at the same version, so a document
 * whose category keys differ is named too (an in-line column: no document is read for it).
 */
export async function newerIn(tx: SqlSession, from: { docs: string; stock: string }, to: { docs: string; stock: string }) {
  const docs = await tx.query(
    `SELECT o.id FROM ${from.docs} o LEFT JOIN ${to.docs} n ON n.id = o.id
     WHERE n.id IS NULL OR n.product_version < o.product_version
       OR (n.product_version = o.product_version AND n.category_keys IS DISTINCT FROM o.category_keys)`,
  );
  const stock = await tx.query(
    `SELECT DISTINCT o.sku FROM ${from.stock} o LEFT JOIN ${to.stock} n ON n.sku = o.sku AND n.warehouse = o.warehouse
     WHERE n.sku IS NULL OR n.version < o.version`,
  );
  return { ids: docs.rows.map((r) => String(r.id)), skus: stock.rows.map((r) => String(r.sku)) };
}
