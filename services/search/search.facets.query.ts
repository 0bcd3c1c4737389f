import type { SqlRunner } from '../../mixins/store/postgres/postgres.store';
import { PRICE_EDGES } from '../products/products.listing.domain';
import type { SearchDocument } from './search.contract';
import type { IndexFacets, IndexPage, IndexQuery } from './search.index';
import { DOC, FACET_VALUES, filters, orderBy, Params } from './search.index.query';
import { attributeFacets, priceFacets } from './search.query.domain';

/**
 * Browsing without words (category, brand, availability; no attribute or price filter, active
 * products only) is answered from the precomputed counts: its cost no longer grows with the hits.
 */
export const countable = (q: IndexQuery): boolean =>
  q.terms.length === 0 &&
  !q.sku &&
  !q.anyStatus &&
  Object.keys(q.attr).length === 0 &&
  q.minPrice === undefined &&
  q.maxPrice === undefined;

/**
 * One statement (one snapshot): the counts of the query's key summed over the base and the deltas
 * not folded yet, and the page read in the requested order from the documents with LIMIT (an
 * ordered index stops after the page). Facet order and truncation as in queryIndex.
 */
export async function queryCounts(sql: SqlRunner, q: IndexQuery): Promise<IndexPage> {
  const p = new Params();
  const key = [`cat = ${p.add(q.category ?? '*')}`, `brand = ${p.add(q.brand === undefined ? '*' : `=${q.brand}`)}`];
  if (q.inStock !== undefined) key.push(`in_stock = ${p.add(q.inStock)}`);
  const where = filters(q, p, null, null);
  const limit = p.add(q.limit);
  const offset = p.add(q.offset);
  const { rows } = await sql.query(
    `WITH sums AS MATERIALIZED (
       SELECT facet, sum(n)::int AS c, (sum(n) FILTER (WHERE in_stock))::int AS yes FROM (
         SELECT facet, in_stock, n FROM search_counts WHERE ${key.join(' AND ')}
         UNION ALL SELECT facet, in_stock, n FROM search_deltas WHERE ${key.join(' AND ')}
       ) x GROUP BY facet HAVING sum(n) <> 0
     )
     SELECT
       (SELECT row_to_json(t) FROM (SELECT COALESCE(max(c), 0) AS total, COALESCE(max(yes), 0) AS in_stock
          FROM sums WHERE facet = 'total') t) AS counts,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('from', substr(facet, 3)::bigint, 'count', c)), '[]'::jsonb)
          FROM sums WHERE facet LIKE 'p=%') AS prices,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('value', v, 'count', c) ORDER BY c DESC, v), '[]'::jsonb)
          FROM (SELECT substr(facet, 3) AS v, c FROM sums WHERE facet LIKE 'b=%' ORDER BY c DESC, v LIMIT ${FACET_VALUES}) b) AS brands,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('key', k, 'count', c)), '[]'::jsonb) FROM (
          SELECT k, c, row_number() OVER (PARTITION BY split_part(k, '=', 1) ORDER BY c DESC, k) AS rn
          FROM (SELECT substr(facet, 3) AS k, c FROM sums WHERE facet LIKE 'a=%') counted
        ) a WHERE rn <= ${FACET_VALUES}) AS attrs,
       (SELECT COALESCE(jsonb_agg(page.doc ORDER BY page.ord), '[]'::jsonb) FROM (
          SELECT ${DOC} AS doc, row_number() OVER () AS ord FROM (
            SELECT * FROM search_docs WHERE ${where.join(' AND ')} ORDER BY ${orderBy(q.sort, false)} LIMIT ${limit} OFFSET ${offset}
          ) d
        ) page) AS docs`,
    p.values,
  );
  const r = rows[0];
  const counts = r.counts as { total: number; in_stock: number };
  const byEdge = new Map((r.prices as { from: number; count: number }[]).map((b) => [Number(b.from), b.count]));
  const facets: IndexFacets = {
    brands:
      q.brand === undefined || counts.total === 0
        ? (r.brands as IndexFacets['brands'])
        : [{ value: q.brand!, count: counts.total }],
    attributes: attributeFacets(r.attrs as { key: string; count: number }[]),
    prices: priceFacets(PRICE_EDGES.filter((from) => byEdge.has(from)).map((from) => ({ from, count: byEdge.get(from)! }))),
    availability: { inStock: counts.in_stock, outOfStock: counts.total - counts.in_stock },
  };
  return { docs: r.docs as SearchDocument[], total: counts.total, facets };
}
