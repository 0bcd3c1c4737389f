import type { SqlRunner, SqlSession } from '../../mixins/store/postgres/postgres.store';
import { GENERATION } from './search.index';

/**
 * Exact facet counts for browsing without words, maintained with the documents (layout: see
 * search.index.ts). Per generation:
 * - `search_counts_<gen>(cat, brand, in_stock, facet, n)`: the folded base, one row per key;
 * - `search_deltas_<gen>(…, n)`: signed rows appended by a trigger on the documents table in the
 *   writer's own transaction (-1 for every key of the old row, +1 for the new), so writers never
 *   update a shared counter row (200 writes/s would queue on the `*` rows) and a count read in one
 *   statement (base + deltas) is exact at every committed state. foldCounts moves deltas into the base.
 * Keys: `cat` is every category key of the product (ids and slugs, ancestors included) and `*`
 * (every category); `brand` is `*` (any) or `=<brand>`; `facet` is `total`, `b=<brand>` (any-brand
 * rows only), `a=<name=value>` and `p=<bucket start>`. Active products only.
 */
export function countTables(gen: string): { counts: string; deltas: string; docs: string; fn: string } {
  if (!GENERATION.test(gen)) throw new Error(`Bad search generation name ${JSON.stringify(gen)}`);
  return {
    counts: `search_counts_${gen}`,
    deltas: `search_deltas_${gen}`,
    docs: `search_docs_${gen}`,
    fn: `search_count_${gen}`,
  };
}

export function countDdl(gen: string): string[] {
  const t = countTables(gen);
  const columns = 'cat text NOT NULL, brand text NOT NULL, in_stock boolean NOT NULL, facet text NOT NULL, n bigint NOT NULL';
  return [
    `CREATE TABLE IF NOT EXISTS ${t.counts} (${columns}, PRIMARY KEY (cat, brand, in_stock, facet))`,
    `CREATE TABLE IF NOT EXISTS ${t.deltas} (${columns})`,
    `CREATE INDEX IF NOT EXISTS ${t.deltas}_key ON ${t.deltas} (cat, brand, in_stock)`,
  ];
}

/** The count keys of one documents row `r` (a table alias, or OLD/NEW in the trigger): columns cat, brand, facet. */
const keysOf = (r: string) => `
  SELECT c.cat, b.brand, f.facet
  FROM unnest(${r}.category_keys || '{*}'::text[]) AS c(cat)
  CROSS JOIN (VALUES ('*'), ('=' || ${r}.brand)) AS b(brand)
  CROSS JOIN LATERAL (
    SELECT 'total' UNION ALL SELECT 'b=' || ${r}.brand WHERE b.brand = '*'
    UNION ALL SELECT 'a=' || a FROM unnest(${r}.attr_keys) AS a
    UNION ALL SELECT 'p=' || p FROM unnest(${r}.price_buckets) AS p
  ) AS f(facet)`;

/** The columns the keys depend on: an update changing none of them (most restocks) appends nothing. */
const KEYED = ['status', 'in_stock', 'brand', 'category_keys', 'attr_keys', 'price_buckets'];

function triggerDdl(gen: string): string[] {
  const t = countTables(gen);
  const delta = (row: 'OLD' | 'NEW', sign: number) =>
    `INSERT INTO ${t.deltas} (cat, brand, in_stock, facet, n) SELECT k.cat, k.brand, ${row}.in_stock, k.facet, ${sign} FROM (${keysOf(row)}) k;`;
  const changed = KEYED.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  return [
    `CREATE OR REPLACE FUNCTION ${t.fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
     BEGIN
       IF TG_OP <> 'INSERT' AND OLD.status = 'active' THEN ${delta('OLD', -1)} END IF;
       IF TG_OP <> 'DELETE' AND NEW.status = 'active' THEN ${delta('NEW', 1)} END IF;
       RETURN NULL;
     END $fn$`,
    `CREATE TRIGGER search_count_ins AFTER INSERT ON ${t.docs} FOR EACH ROW EXECUTE FUNCTION ${t.fn}()`,
    `CREATE TRIGGER search_count_upd AFTER UPDATE ON ${t.docs} FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION ${t.fn}()`,
    `CREATE TRIGGER search_count_del AFTER DELETE ON ${t.docs} FOR EACH ROW EXECUTE FUNCTION ${t.fn}()`,
  ];
}

/**
 * Starts counting a generation (once; later calls are no-ops): with writers held off by the table
 * lock, the base is computed from the documents in one INSERT … SELECT GROUP BY and the trigger
 * installed in the same transaction, so no write is counted twice or missed.
 */
export async function startCounts(write: SqlRunner, gen: string): Promise<void> {
  const t = countTables(gen);
  for (const statement of countDdl(gen)) await write.query(statement);
  await write.transaction(async (tx) => {
    await tx.query(`LOCK TABLE ${t.docs} IN SHARE ROW EXCLUSIVE MODE`);
    const { rows } = await tx.query(`SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass($1) AND tgname = 'search_count_ins'`, [
      t.docs,
    ]);
    if (rows.length > 0) return;
    await tx.query(`DELETE FROM ${t.deltas}`);
    await tx.query(`DELETE FROM ${t.counts}`);
    for (const statement of triggerDdl(gen)) await tx.query(statement);
    await tx.query(
      `INSERT INTO ${t.counts} (cat, brand, in_stock, facet, n)
       SELECT k.cat, k.brand, d.in_stock, k.facet, count(*) FROM ${t.docs} d CROSS JOIN LATERAL (${keysOf('d')}) k
       WHERE d.status = 'active' GROUP BY 1, 2, 3, 4`,
    );
  });
}

export async function dropCounts(write: SqlRunner, gen: string): Promise<void> {
  const t = countTables(gen);
  for (const table of [t.counts, t.deltas]) await write.query(`DROP TABLE IF EXISTS ${table}`);
  await write.query(`DROP FUNCTION IF EXISTS ${t.fn}()`);
}

/**
 * Moves the deltas of `gen` into its base in one transaction (a read sees either both or neither).
 * One folder at a time (the others skip): the base rows are touched by folders only.
 */
export async function foldCounts(write: SqlRunner, gen: string): Promise<number> {
  const t = countTables(gen);
  return write.transaction(async (tx: SqlSession) => {
    const { rows } = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext('search:fold:' || $1::text)) AS got`, [gen]);
    if (rows[0]?.got !== true) return 0;
    const { rows: folded } = await tx.query(
      `WITH moved AS (DELETE FROM ${t.deltas} RETURNING cat, brand, in_stock, facet, n)
       INSERT INTO ${t.counts} AS cur (cat, brand, in_stock, facet, n)
       SELECT cat, brand, in_stock, facet, sum(n) FROM moved GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (cat, brand, in_stock, facet) DO UPDATE SET n = cur.n + EXCLUDED.n
       RETURNING 1`,
    );
    return folded.length;
  });
}
