import { randomBytes } from 'node:crypto';
import type { SqlRunner, SqlSession } from '../../mixins/store/postgres/postgres.store';
import { countTables, startCounts } from './search.facets.ddl';
import { GENERATION, SCHEMA_VERSION } from './search.index';

/** Table names of one generation; the name is validated, so it is safe to splice into SQL. */
export function tablesOf(gen: string): { docs: string; stock: string; words: string } {
  if (!GENERATION.test(gen)) throw new Error(`Bad search generation name ${JSON.stringify(gen)}`);
  return { docs: `search_docs_${gen}`, stock: `search_stock_${gen}`, words: `search_words_${gen}` };
}

/** The tables a write goes to: a named generation's, or the live views. */
export const targetTables = (gen?: string) =>
  gen ? tablesOf(gen) : { docs: 'search_docs', stock: 'search_stock', words: 'search_words' };

/**
 * pg_trgm and unaccent live in their own schema and are always named with it: a PGlite instance
 * holds every store (a schema each, search_path set to that schema only), and an extension exists
 * once per database.
 */
export const EXT = 'search_ext';
/** The two-argument form: the one-argument unaccent looks its dictionary up on the search_path. */
export const unaccent = (expr: string): string => `${EXT}.unaccent('${EXT}.unaccent'::regdictionary, ${expr})`;
export const TRGM_DISTANCE = `OPERATOR(${EXT}.<->)`;

/**
 * Session settings of every search connection (server only: see postgres.sql.ts). JIT compiled the
 * stock statements on every run at 100k products (1.3 s of 1.4 s, EXPLAIN ANALYZE), and parallel
 * workers for a short query cost more to start than they save on a 2-core machine under 16 clients.
 * A category's hits (25,000 at 100k products) overflowed the default 4 MB work_mem into temp files.
 */
export const SEARCH_SESSION = { jit: 'off', max_parallel_workers_per_gather: '0', work_mem: '32MB' };

/** Shared by every generation. */
export const SHARED_DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${EXT}`,
  `CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA ${EXT}`,
  `CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA ${EXT}`,
  'CREATE TABLE IF NOT EXISTS search_meta (key text PRIMARY KEY, value jsonb NOT NULL)',
  'CREATE TABLE IF NOT EXISTS search_synonyms (term text PRIMARY KEY, alternatives text[] NOT NULL)',
];

export const generationDdl = (gen: string): string[] => [...tableDdl(gen), ...indexDdl(gen)];

/** The secondary indexes: a rebuild creates them once its tables are filled (one sorted build beats 100,000 inserts into each). */
export function indexDdl(gen: string): string[] {
  const t = tablesOf(gen);
  return [
    `CREATE INDEX IF NOT EXISTS ${t.docs}_tsv ON ${t.docs} USING gin (tsv) WITH (fastupdate = off)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_cats ON ${t.docs} USING gin (category_keys) WITH (fastupdate = off)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_attrs ON ${t.docs} USING gin (attr_keys) WITH (fastupdate = off)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_skus ON ${t.docs} USING gin (sku_keys) WITH (fastupdate = off)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_sku_exact ON ${t.docs} USING gin (skus) WITH (fastupdate = off)`,
    // Queries without words (browsing, facets over a category) read this narrow index alone, not the documents.
    `CREATE INDEX IF NOT EXISTS ${t.docs}_cover ON ${t.docs} (status)
       INCLUDE (id, brand, attr_keys, category_keys, prices, price_mask, in_stock, price_min, created_at, name_key)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_brand ON ${t.docs} (brand)`,
    // Pages of browsing without words read these in the requested order and stop at the page (search.facets.query.ts).
    `CREATE INDEX IF NOT EXISTS ${t.docs}_price_sort ON ${t.docs} (price_min, name_key, id)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_name_sort ON ${t.docs} (name_key, id)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_created ON ${t.docs} (created_at DESC, id)`,
    `CREATE INDEX IF NOT EXISTS ${t.docs}_reprice ON ${t.docs} (next_price_change_at) WHERE next_price_change_at IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${t.words}_trgm ON ${t.words} USING gist (word ${EXT}.gist_trgm_ops)`,
    `CREATE INDEX IF NOT EXISTS ${t.words}_lexeme ON ${t.words} (lexeme text_pattern_ops)`,
  ];
}

export function tableDdl(gen: string): string[] {
  const t = tablesOf(gen);
  return [
    `CREATE TABLE IF NOT EXISTS ${t.docs} (
      id text PRIMARY KEY,
      status text NOT NULL,
      doc jsonb NOT NULL,
      brand text NOT NULL DEFAULT '',
      category_keys text[] NOT NULL DEFAULT '{}',
      attr_keys text[] NOT NULL DEFAULT '{}',
      skus text[] NOT NULL DEFAULT '{}',
      sku_keys text[] NOT NULL DEFAULT '{}',
      prices bigint[] NOT NULL DEFAULT '{}',
      price_buckets bigint[] NOT NULL DEFAULT '{}',
      price_min bigint,
      price_max bigint,
      currency text,
      in_stock boolean NOT NULL DEFAULT false,
      stock jsonb NOT NULL DEFAULT '{"bySku":{},"byWarehouse":{}}',
      versions jsonb NOT NULL DEFAULT '{}',
      product_version bigint NOT NULL,
      created_at bigint NOT NULL DEFAULT 0,
      next_price_change_at bigint,
      tsv tsvector NOT NULL DEFAULT ''
    ) WITH (toast_tuple_target = 128)`,
    // Schema 2: a sort key off the document (no jsonb read per hit) and the price buckets as bits.
    `ALTER TABLE ${t.docs} ADD COLUMN IF NOT EXISTS name_key text NOT NULL DEFAULT ''`,
    `ALTER TABLE ${t.docs} ADD COLUMN IF NOT EXISTS price_mask integer NOT NULL DEFAULT 0`,
    `CREATE TABLE IF NOT EXISTS ${t.stock} (
      sku text NOT NULL, warehouse text NOT NULL, available integer NOT NULL, version bigint NOT NULL,
      PRIMARY KEY (sku, warehouse)
    )`,
    `CREATE TABLE IF NOT EXISTS ${t.words} (word text PRIMARY KEY, lexeme text NOT NULL)`,
  ];
}

/**
 * Schema 3: the heap keeps what hits read (filters, sort and facet keys, tsv for ranking: MAIN, in
 * line) and sends the wide values (doc, stock, versions) out of line, to a tuple target of 128 bytes.
 * PostgreSQL only toasts rows over ~2 kB, so this narrows the products with many variants; at 100,000
 * products the heap went from 45,893 to 23,998 pages (with tsv out of line too, which slowed ranking).
 * New generations only (a rebuild), never the live table at start: SET STORAGE takes an exclusive lock.
 */
export const storageDdl = (gen: string): string[] => {
  const { docs } = tablesOf(gen);
  const narrow = ['brand', 'category_keys', 'attr_keys', 'skus', 'sku_keys', 'prices', 'price_buckets', 'name_key', 'tsv'];
  return [`ALTER TABLE ${docs} ${narrow.map((c) => `ALTER COLUMN ${c} SET STORAGE MAIN`).join(', ')}`];
};

/**
 * Every change of the live generation or its views holds this (after `LOCK TABLE search_docs,
 * search_stock IN EXCLUSIVE MODE` when the views exist), so two changes never interleave or deadlock.
 */
export const lockMeta = (tx: SqlSession) => tx.query('LOCK TABLE search_meta IN EXCLUSIVE MODE');

export async function liveIn(sql: SqlSession): Promise<{ gen: string; schema: number } | null> {
  const { rows } = await sql.query(`SELECT value FROM search_meta WHERE key = 'live'`);
  return (rows[0]?.value as { gen: string; schema: number } | undefined) ?? null;
}

/** The docs view selects every column of the generation's table (a column added later is not in an older view). */
export async function viewsCurrent(sql: SqlSession, gen: string): Promise<boolean> {
  const { rows } = await sql.query(
    `SELECT (SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'search_docs')
          = (SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1)
          AND to_regclass('search_counts') IS NOT NULL AS same`,
    [tablesOf(gen).docs],
  );
  return rows[0]?.same === true;
}

/** Replaces the three views in the caller's transaction (holding the meta lock), and records the live generation. */
export async function pointViews(tx: SqlSession, gen: string, schema: number): Promise<void> {
  const t = tablesOf(gen);
  await lockMeta(tx);
  // DROP then CREATE: CREATE OR REPLACE refuses when a column list differs between generations.
  // The counts views first: a count query locks them before search_docs (search.facets.query.ts), and
  // the opposite order deadlocked a query against the switch.
  for (const [view, table] of [
    ['search_counts', countTables(gen).counts],
    ['search_deltas', countTables(gen).deltas],
    ['search_docs', t.docs],
    ['search_stock', t.stock],
    ['search_words', t.words],
  ] as const) {
    await tx.query(`DROP VIEW IF EXISTS ${view}`);
    await tx.query(`CREATE VIEW ${view} AS SELECT * FROM ${table}`);
  }
  await tx.query(
    `INSERT INTO search_meta (key, value) VALUES ('live', $1::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify({ gen, schema })],
  );
}

/** Two nodes creating the same schema or extension at once: the loser's unique violation means it exists. */
const alreadyMade = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  if (code !== '23505' && code !== '42710' && code !== '42P06') throw err;
};

/** Creates the shared tables and, when none is live, an empty live generation; brings an older live layout up to date. */
export async function ensureLayout(write: SqlRunner): Promise<void> {
  for (const statement of SHARED_DDL) await write.query(statement).catch(alreadyMade);
  const live = await liveIn(write);
  if (live) {
    // Columns added since the live generation was built appear (empty until the rebuild its older
    // schema number asks for), and the views are re-made to select them.
    for (const statement of generationDdl(live.gen)) await write.query(statement);
    // A generation built before the counts existed gets them (and its views) here.
    await startCounts(write, live.gen);
    if (await viewsCurrent(write, live.gen)) return;
    await write.transaction(async (tx) => {
      // The views, then the meta table: the order a rebuild's switch takes them in.
      await tx.query('LOCK TABLE search_docs, search_stock IN EXCLUSIVE MODE');
      await lockMeta(tx);
      const now = await liveIn(tx);
      if (now && !(await viewsCurrent(tx, now.gen))) await pointViews(tx, now.gen, now.schema);
    });
    return;
  }
  // Random part: two nodes starting in the same millisecond raced on CREATE TABLE of one name.
  const gen = `g${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  for (const statement of [...generationDdl(gen), ...storageDdl(gen)]) await write.query(statement);
  await startCounts(write, gen);
  await write.transaction(async (tx) => {
    // Two nodes starting together: the first to lock the meta table makes the live generation.
    await lockMeta(tx);
    if (!(await liveIn(tx))) await pointViews(tx, gen, SCHEMA_VERSION);
  });
}
