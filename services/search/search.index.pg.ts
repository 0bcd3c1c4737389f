import type { SqlRunner } from '../../mixins/store/postgres/postgres.store';
import type { SearchDocument, StockChanged } from './search.contract';
import { ensureLayout, indexDdl, liveIn, pointViews, storageDdl, tableDdl, tablesOf, targetTables } from './search.index.ddl';
import { learnWords, lockSkus, newestPerId, recordOf, restock, upsertSql } from './search.index.writes';
import { GENERATION, SCHEMA_VERSION, type IndexQuery, type SearchIndex, type Target } from './search.index';
import { queryIndex } from './search.index.query';
import { countTables, dropCounts, foldCounts, startCounts } from './search.facets.ddl';
import { countable, queryCounts } from './search.facets.query';
import { dictionaryText, indexRow } from './search.rows.domain';
import { knownWords, synonymsOf, readSynonyms, writeSynonyms, wordMatches } from './search.words';

const json = (value: unknown): string => JSON.stringify(value);
const FOLD_EVERY_MS = 1_000;

/** The SearchIndex on PostgreSQL (server or PGlite). `read` may be a replica; writes and DDL go to `write`. */
export class PgSearchIndex implements SearchIndex {
  private readonly read: SqlRunner;
  private folded = Date.now();

  constructor(
    private readonly write: SqlRunner,
    read?: SqlRunner,
  ) {
    this.read = read ?? write;
  }

  ensure(): Promise<void> {
    return ensureLayout(this.write);
  }

  live(): Promise<{ gen: string; schema: number } | null> {
    return liveIn(this.write);
  }

  async createGeneration(gen: string, opts: { deferIndexes?: boolean } = {}): Promise<void> {
    const ddl = [...tableDdl(gen), ...storageDdl(gen), ...(opts.deferIndexes ? [] : indexDdl(gen))];
    for (const statement of ddl) await this.write.query(statement);
    if (!opts.deferIndexes) await startCounts(this.write, gen);
  }

  async finishGeneration(gen: string): Promise<void> {
    for (const statement of indexDdl(gen)) await this.write.query(statement);
    await startCounts(this.write, gen);
    // Statistics and a visibility map (index-only scans) before the first query.
    const t = tablesOf(gen);
    for (const table of [t.docs, t.stock, t.words, countTables(gen).counts]) await this.write.query(`VACUUM ANALYZE ${table}`);
  }

  async switchTo(gen: string): Promise<void> {
    tablesOf(gen);
    await this.write.transaction((tx) => pointViews(tx, gen, SCHEMA_VERSION));
  }

  async dropGeneration(gen: string): Promise<void> {
    if ((await this.live())?.gen === gen) throw new Error(`Generation ${gen} is live`);
    const t = tablesOf(gen);
    for (const table of [t.docs, t.stock, t.words]) await this.write.query(`DROP TABLE IF EXISTS ${table}`);
    await dropCounts(this.write, gen);
  }

  async generations(): Promise<string[]> {
    const { rows } = await this.write.query(
      `SELECT substr(tablename, 13) AS gen FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'search_docs_%' ORDER BY 1`,
    );
    return rows.map((r) => String(r.gen)).filter((g) => GENERATION.test(g));
  }

  async upsert(doc: SearchDocument, opts: Target & { refresh?: boolean } = {}): Promise<boolean> {
    return (await this.upsertMany([doc], opts)) > 0;
  }

  async upsertMany(docs: SearchDocument[], opts: Target & { refresh?: boolean } = {}): Promise<number> {
    const t = targetTables(opts.gen);
    const rows = newestPerId(docs).map((doc) => ({ doc, row: indexRow(doc) }));
    if (rows.length === 0) return 0;
    const applied = await this.write.transaction(async (tx) => {
      await lockSkus(
        tx,
        rows.flatMap((r) => r.row.skus),
      );
      const { rows: written } = await tx.query(upsertSql(t.docs, t.stock, opts.refresh === true), [
        JSON.stringify(rows.map(({ doc, row }) => recordOf(doc, row))),
      ]);
      return new Set(written.map((r) => String(r.id)));
    });
    // Only what the public can find may be suggested: a draft's words would leak its name through correctedQuery.
    const learned = rows
      .filter(({ doc }) => applied.has(doc.id) && doc.status === 'active')
      .map(({ doc, row }) => dictionaryText(doc, row));
    if (learned.length) await learnWords(this.write, t.words, learned.join(' '));
    if (applied.size) await this.foldCounts();
    return applied.size;
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
    if (rows.length) await this.foldCounts();
    return rows.length > 0;
  }

  async applyStock(stock: StockChanged, opts: Target = {}): Promise<boolean> {
    return (await this.applyStockMany([stock], opts)) > 0;
  }

  async applyStockMany(records: StockChanged[], opts: Target = {}): Promise<number> {
    const t = targetTables(opts.gen);
    const newest = new Map<string, StockChanged>();
    for (const r of records) {
      const key = `${r.sku}@${r.warehouse}`;
      if ((newest.get(key)?.version ?? -1) < r.version) newest.set(key, r);
    }
    if (newest.size === 0) return 0;
    const batch = [...newest.values()].map(({ sku, warehouse, available, version }) => ({ sku, warehouse, available, version }));
    const written = await this.write.transaction(async (tx) => {
      await lockSkus(
        tx,
        batch.map((r) => r.sku),
      );
      const { rows } = await tx.query(
        `INSERT INTO ${t.stock} AS cur (sku, warehouse, available, version)
         SELECT sku, warehouse, available, version
         FROM jsonb_to_recordset($1::jsonb) AS r(sku text, warehouse text, available integer, version bigint)
         ON CONFLICT (sku, warehouse) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version
         WHERE cur.version < EXCLUDED.version
         RETURNING sku`,
        [JSON.stringify(batch)],
      );
      if (rows.length === 0) return 0;
      const skus = [...new Set(rows.map((r) => String(r.sku)))];
      await restock(tx, t.docs, t.stock, `src.skus && ARRAY(SELECT jsonb_array_elements_text($1::jsonb))`, [json(skus)]);
      return rows.length;
    });
    if (written) await this.foldCounts();
    return written;
  }

  query(q: IndexQuery) {
    return countable(q) ? queryCounts(this.read, q) : queryIndex(this.read, q);
  }

  /** After writes, at most one fold a second per node (`force`: now) keeps the deltas a count query sums short. */
  async foldCounts(force = false): Promise<number> {
    if (!force && Date.now() - this.folded < FOLD_EVERY_MS) return 0;
    this.folded = Date.now();
    const live = await this.live();
    return live ? foldCounts(this.write, live.gen) : 0;
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

  knownWords(words: string[]) {
    return knownWords(this.read, words);
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
