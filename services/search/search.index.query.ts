import type { SqlRunner } from '../../mixins/store/postgres/postgres.store';
import type { SortOrder } from '../products/products.contract';
import type { SearchDocument } from './search.contract';
import { unaccent } from './search.index.ddl';
import type { IndexFacets, IndexPage, IndexQuery } from './search.index';
import { PRICE_EDGES } from '../products/products.listing.domain';
import { attributeFacets, priceFacets } from './search.query.domain';
import { attrKeyOf } from './search.rows.domain';

/** Facet values kept per facet (brands, and each attribute name), most frequent first. */
export const FACET_VALUES = 50;

/** Single alphanumeric words may carry to_tsquery's prefix marker; anything else goes through plainto_tsquery. */
const PREFIXABLE = /^[\p{L}\p{N}]+$/u;

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** AND over the groups, OR over each group's alternatives (synonyms, corrections); null without words. */
function tsquery(q: IndexQuery, p: Params): string | null {
  if (q.terms.length === 0) return null;
  const groups = q.terms.map((alternatives, i) => {
    const prefix = q.prefixLast && i === q.terms.length - 1;
    const each = alternatives.map((alt) =>
      prefix && PREFIXABLE.test(alt)
        ? `to_tsquery('english', ${unaccent(p.add(alt))} || ':*')`
        : `plainto_tsquery('english', ${unaccent(p.add(alt))})`,
    );
    return `(${each.join(' || ')})`;
  });
  return groups.join(' && ');
}

export function filters(q: IndexQuery, p: Params, match: string | null, sku: string | null): string[] {
  const where = [q.anyStatus ? `status <> 'deleted'` : `status = 'active'`];
  if (match) where.push(sku ? `(tsv @@ (${match}) OR sku_keys @> ARRAY[${sku}::text])` : `tsv @@ (${match})`);
  if (q.category) where.push(`category_keys @> ARRAY[${p.add(q.category)}::text]`);
  if (q.brand) where.push(`brand = ${p.add(q.brand)}`);
  const attrs = Object.entries(q.attr).map(([n, v]) => attrKeyOf(n, v));
  if (attrs.length) where.push(`attr_keys @> ARRAY(SELECT jsonb_array_elements_text(${p.add(JSON.stringify(attrs))}::jsonb))`);
  if (q.minPrice !== undefined || q.maxPrice !== undefined) {
    const min = p.add(q.minPrice ?? 0);
    const max = p.add(q.maxPrice ?? Number.MAX_SAFE_INTEGER);
    where.push(`EXISTS (SELECT 1 FROM unnest(prices) AS price WHERE price >= ${min}::bigint AND price <= ${max}::bigint)`);
  }
  if (q.inStock !== undefined) where.push(`in_stock = ${p.add(q.inStock)}`);
  return where;
}

/** Every order ends with the id, so pages are stable; unpriced products sort last either way. */
export function orderBy(sort: SortOrder, ranked: boolean): string {
  const name = `name_key, id`;
  switch (sort) {
    case 'price':
      return `price_min ASC NULLS LAST, ${name}`;
    case '-price':
      return `price_min DESC NULLS LAST, ${name}`;
    case 'newest':
      return `created_at DESC, id`;
    case 'name':
      return name;
    case '-name':
      return `name_key DESC, id DESC`;
    default:
      return ranked ? `sku_hit DESC, rank DESC, ${name}` : `created_at DESC, id`;
  }
}

/** A page row: the document with its stock, availability and versions (columns of `search_docs d`). */
export const DOC = `d.doc || jsonb_build_object('stock', d.stock, 'inStock', d.in_stock, 'versions', d.versions)`;

/** One pass over the hits: the total, availability, and a count per price bucket (bit k of price_mask). */
const COUNTS = [
  'count(*)::int AS total',
  'count(*) FILTER (WHERE in_stock)::int AS in_stock',
  ...PRICE_EDGES.map((_, k) => `count(*) FILTER (WHERE price_mask & ${1 << k} <> 0)::int AS b${k}`),
].join(', ');

/**
 * Rows, total and facets of one query in one statement: facets are counted by SQL over the
 * matching set (hits read narrow columns only; the documents of the page alone are read).
 */
export async function queryIndex(sql: SqlRunner, q: IndexQuery): Promise<IndexPage> {
  const p = new Params();
  const match = tsquery(q, p);
  const sku = q.sku ? p.add(q.sku) : null;
  const where = filters(q, p, match, sku);
  const rank = match ? `ts_rank_cd(tsv, ${match})` : '0';
  const skuHit = sku ? `sku_keys @> ARRAY[${sku}::text]` : 'false';
  const limit = p.add(q.limit);
  const offset = p.add(q.offset);
  const { rows } = await sql.query(
    `WITH hits AS MATERIALIZED (
       SELECT id, brand, attr_keys, price_mask, in_stock, price_min, created_at, name_key, ${rank} AS rank, ${skuHit} AS sku_hit
       FROM search_docs WHERE ${where.join(' AND ')}
     ), page AS (
       SELECT id, row_number() OVER () AS ord
       FROM (SELECT id FROM hits ORDER BY ${orderBy(q.sort, match !== null)} LIMIT ${limit} OFFSET ${offset}) ordered
     )
     SELECT
       (SELECT row_to_json(c) FROM (SELECT ${COUNTS} FROM hits) c) AS counts,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('value', v, 'count', c) ORDER BY c DESC, v), '[]'::jsonb)
          FROM (SELECT brand AS v, count(*)::int AS c FROM hits GROUP BY brand ORDER BY c DESC, v LIMIT ${FACET_VALUES}) b) AS brands,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('key', k, 'count', c)), '[]'::jsonb) FROM (
          SELECT k, c, row_number() OVER (PARTITION BY split_part(k, '=', 1) ORDER BY c DESC, k) AS rn
          FROM (SELECT k, count(*)::int AS c FROM hits, unnest(attr_keys) AS k GROUP BY k) counted
        ) a WHERE rn <= ${FACET_VALUES}) AS attrs,
       (SELECT COALESCE(jsonb_agg(${DOC} ORDER BY page.ord), '[]'::jsonb) FROM page JOIN search_docs d ON d.id = page.id) AS docs`,
    p.values,
  );
  const r = rows[0];
  const counts = r.counts as Record<string, number>;
  const facets: IndexFacets = {
    brands: r.brands as IndexFacets['brands'],
    attributes: attributeFacets(r.attrs as { key: string; count: number }[]),
    prices: priceFacets(PRICE_EDGES.map((from, k) => ({ from, count: counts[`b${k}`] })).filter((b) => b.count > 0)),
    availability: { inStock: counts.in_stock, outOfStock: counts.total - counts.in_stock },
  };
  return { docs: r.docs as SearchDocument[], total: counts.total, facets };
}
