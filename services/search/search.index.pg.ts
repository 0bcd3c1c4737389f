import type { SqlRunner } from '../../mixins/store/postgres/postgres.store';
import type { SearchDocument, StockChanged } from './search.contract';
import { generationDdl, pointViews, SHARED_DDL, tablesOf, targetTables, unaccent } from './search.index.ddl';
import { learnWords, lockSkus, restock } from './search.index.writes';
import { GENERATION, SCHEMA_VERSION, type IndexQuery, type SearchIndex, type Target } from './search.index';
import { queryIndex } from './search.index.query';
import { dictionaryText, indexRow } from './search.rows.domain';
import { synonymsOf, readSynonyms, writeSynonyms, wordMatches } from './search.words';

/** JSON text of an array, spliced in SQL as `ARRAY(SELECT jsonb_array_elements_text($n::jsonb))`: pg and PGlite agree on it. */
const json = (value: unknown): string => JSON.stringify(value);
const textArray = (n: number) => `ARRAY(SELECT jsonb_array_elements_text($${n}::jsonb))`;
const bigintArray = (n: number) => `ARRAY(SELECT jsonb_array_elements_text($${n}::jsonb)::bigint)`;
const vector = (n: number, weight: string) => `setweight(to_tsvector('english', ${unaccent(`$${n}`)}), '${weight}')`;

const UPSERT_COLUMNS = `id, status, doc, brand, category_keys, attr_keys, skus, sku_keys, prices, price_buckets,
  price_min, price_max, currency, product_version, created_at, next_price_change_at, tsv`;
const EXCLUDED_COLUMNS = UPSERT_COLUMNS.replace(/(\w+)/g, 'EXCLUDED.$1');

/** Two nodes creating the same schema or extension at once: the loser's unique violation means it exists. */
const alreadyMade = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  if (code !== '23505' && code !== '42710' && code !== '42P06') throw err;
};

/** The SearchIndex on PostgreSQL (server or PGlite). `read` may be a replica; writes and DDL go to `write`. */
export class PgSearchIndex implements SearchIndex {
  private readonly read: SqlRunner;

  constructor(
    private readonly write: SqlRunner,
    read?: SqlRunner,
  ) {
    this.read = read ?? write;
  }

  async ensure(): Promise<void> {
    for (const statement of SHARED_DDL) await this.write.query(statement).catch(alreadyMade);
    if (await this.live()) return;
    const gen = `g${Date.now().toString(36)}`;
    await this.createGeneration(gen);
    await this.write.transaction(async (tx) => {
      // Two nodes starting together: the first to lock the meta row makes the live generation.
      await tx.query(`LOCK TABLE search_meta IN EXCLUSIVE MODE`);
      const { rows } = await tx.query(`SELECT 1 FROM search_meta WHERE key = 'live'`);
      if (rows.length === 0) await pointViews(tx, gen, SCHEMA_VERSION);
    });
  }

  async live(): Promise<{ gen: string; schema: number } | null> {
    const { rows } = await this.write.query(`SELECT value FROM search_meta WHERE key = 'live'`);
    return (rows[0]?.value as { gen: string; schema: number } | undefined) ?? null;
  }

  async createGeneration(gen: string): Promise<void> {
    for (const statement of generationDdl(gen)) await this.write.query(statement);
  }

  async switchTo(gen: string): Promise<void> {
    tablesOf(gen);
    await this.write.transaction((tx) => pointViews(tx, gen, SCHEMA_VERSION));
  }

  async dropGeneration(gen: string): Promise<void> {
    if ((await this.live())?.gen === gen) throw new Error(`Generation ${gen} is live`);
    const t = tablesOf(gen);
    for (const table of [t.docs, t.stock, t.words]) await this.write.query(`DROP TABLE IF EXISTS ${table}`);
  }

  async generations(): Promise<string[]> {
    const { rows } = await this.write.query(
      `SELECT substr(tablename, 13) AS gen FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'search_docs_%' ORDER BY 1`,
    );
    return rows.map((r) => String(r.gen)).filter((g) => GENERATION.test(g));
  }

  async upsert(doc: SearchDocument, opts: Target & { refresh?: boolean } = {}): Promise<boolean> {
    const t = targetTables(opts.gen);
    const row = indexRow(doc);
    const applied = await this.write.transaction(async (tx) => {
      await lockSkus(tx, row.skus);
      const { rows } = await tx.query(
        `INSERT INTO ${t.docs} AS cur (${UPSERT_COLUMNS}) VALUES ($1, $2, $3::jsonb, $4, ${textArray(5)}, ${textArray(6)},
           ${textArray(7)}, ${textArray(8)}, ${bigintArray(9)}, ${bigintArray(10)}, $11, $12, $13, $14, $15, $16,
           ${vector(17, 'A')} || ${vector(18, 'B')} || ${vector(19, 'C')} || ${vector(20, 'D')})
         ON CONFLICT (id) DO UPDATE SET (${UPSERT_COLUMNS}) = ROW(${EXCLUDED_COLUMNS})
         WHERE cur.product_version ${opts.refresh ? '<=' : '<'} EXCLUDED.product_version
         RETURNING id`,
        [
          doc.id,
          row.status,
          json(doc),
          row.brand,
          json(row.categoryKeys),
          json(row.attrKeys),
          json(row.skus),
          json(row.skuKeys),
          json(row.prices),
          json(row.priceBuckets),
          row.priceMin,
          row.priceMax,
          row.currency,
          row.version,
          row.createdAt,
          row.nextPriceChangeAt,
          row.text.a,
          row.text.b,
          row.text.c,
          row.text.d,
        ],
      );
      if (rows.length === 0) return false;
      await restock(tx, t.docs, t.stock, 'src.id = $1', [doc.id]);
      return true;
    });
    if (applied) await learnWords(this.write, t.words, dictionaryText(row));
    return applied;
  }

  async remove(id: string, version: number, opts: Target = {}): Promise<boolean> {
    const t = targetTables(opts.gen);
    const { rows } = await this.write.query(
      `INSERT INTO ${t.docs} AS cur (id, status, doc, product_version) VALUES ($1, 'deleted', '{}'::jsonb, $2)
       ON CONFLICT (id) DO UPDATE SET status = 'deleted', doc = '{}'::jsonb, product_version = EXCLUDED.product_version,
         tsv = '', skus = '{}', sku_keys = '{}', attr_keys = '{}', category_keys = '{}', next_price_change_at = NULL
       WHERE cur.product_version < EXCLUDED.product_version
       RETURNING id`,
      [id, version],
    );
    return rows.length > 0;
  }

  async applyStock(stock: StockChanged, opts: Target = {}): Promise<boolean> {
    const t = targetTables(opts.gen);
    return this.write.transaction(async (tx) => {
      await lockSkus(tx, [stock.sku]);
      const { rows } = await tx.query(
        `INSERT INTO ${t.stock} AS cur (sku, warehouse, available, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sku, warehouse) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version
         WHERE cur.version < EXCLUDED.version
         RETURNING sku`,
        [stock.sku, stock.warehouse, stock.available, stock.version],
      );
      if (rows.length === 0) return false;
      await restock(tx, t.docs, t.stock, `src.skus @> ARRAY[$1::text]`, [stock.sku]);
      return true;
    });
  }

  query(q: IndexQuery) {
    return queryIndex(this.read, q);
  }

  async get(id: string, opts: Target = {}): Promise<SearchDocument | null> {
    const { rows } = await this.read.query(
      `SELECT doc, stock, in_stock, versions FROM ${targetTables(opts.gen).docs} WHERE id = $1 AND status <> 'deleted'`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...(r.doc as SearchDocument),
      stock: r.stock as SearchDocument['stock'],
      inStock: r.in_stock === true,
      versions: r.versions as Record<string, number>,
    };
  }

  async dueForRepricing(at: number, limit: number): Promise<string[]> {
    const { rows } = await this.write.query(
      `SELECT id FROM search_docs WHERE next_price_change_at <= $1 ORDER BY next_price_change_at LIMIT $2`,
      [at, limit],
    );
    return rows.map((r) => String(r.id));
  }

  async idsInCategory(categoryId: string, limit: number, after = ''): Promise<string[]> {
    const { rows } = await this.write.query(
      `SELECT id FROM search_docs WHERE category_keys @> ARRAY[$1::text] AND id > $3 ORDER BY id LIMIT $2`,
      [categoryId, limit, after],
    );
    return rows.map((r) => String(r.id));
  }

  words(words: string[], prefixLast: boolean) {
    return wordMatches(this.read, words, prefixLast);
  }

  synonyms() {
    return readSynonyms(this.read);
  }

  setSynonyms(groups: Record<string, string[]>) {
    return writeSynonyms(this.write, groups);
  }

  synonymsOf(terms: string[]) {
    return synonymsOf(this.read, terms);
  }
}
