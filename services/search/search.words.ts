import type { SqlRunner } from '../../mixins/store/postgres/postgres.store';
import type { WordMatch } from './search.index';
import { TRGM_DISTANCE, unaccent } from './search.index.ddl';
import { synonymRows } from './search.query.domain';

/** Nearest dictionary words fetched per unknown word; the domain picks among them by edit distance. */
const CANDIDATES = 12;

/**
 * Each word against the live dictionary (never the documents): known when some indexed word has its
 * stem (for the prefix word: a stem starting with it). An unknown word also gets its nearest
 * dictionary words by trigram distance, served by the GiST index in nearest-neighbour order (a GIN
 * trigram index can only filter by a similarity threshold, and the default 0.3 misses `phnoe`).
 */
export async function wordMatches(sql: SqlRunner, words: string[], prefixLast: boolean): Promise<WordMatch[]> {
  if (words.length === 0) return [];
  const { rows } = await sql.query(
    `SELECT q.w, k.known, CASE WHEN k.known THEN '{}'::text[] ELSE
        ARRAY(SELECT word FROM search_words ORDER BY word ${TRGM_DISTANCE} q.norm, word LIMIT ${CANDIDATES}) END AS candidates
     FROM (
       SELECT w, i, lower(${unaccent('w')}) AS norm, (tsvector_to_array(to_tsvector('english', ${unaccent('w')})))[1] AS stem
       FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS t(w, i)
     ) q
     CROSS JOIN LATERAL (SELECT q.stem IS NULL
       OR EXISTS (SELECT 1 FROM search_words WHERE lexeme = q.stem)
       -- A range on the pattern index (a LIKE with a computed pattern would scan every word).
       OR ($2 AND q.i = $3 AND EXISTS (SELECT 1 FROM search_words WHERE lexeme ~>=~ q.stem AND lexeme ~<~ (q.stem || chr(65535))))
     AS known) k
     ORDER BY q.i`,
    [JSON.stringify(words), prefixLast, words.length],
  );
  return rows.map((r) => ({ word: String(r.w), known: r.known === true, candidates: r.candidates as string[] }));
}

/** Which of these words the dictionary holds (exact, by its primary key). */
export async function knownWords(sql: SqlRunner, words: string[]): Promise<string[]> {
  if (words.length === 0) return [];
  const { rows } = await sql.query(
    `SELECT word FROM search_words WHERE word = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))`,
    [JSON.stringify(words)],
  );
  return rows.map((r) => String(r.word));
}

export async function readSynonyms(sql: SqlRunner): Promise<Record<string, string[]>> {
  const { rows } = await sql.query('SELECT term, alternatives FROM search_synonyms ORDER BY term');
  return Object.fromEntries(rows.map((r) => [String(r.term), r.alternatives as string[]]));
}

/** Replaces the whole list in one transaction: readers see the old list or the new one. */
export async function writeSynonyms(sql: SqlRunner, groups: Record<string, string[]>): Promise<void> {
  const rows = synonymRows(groups);
  await sql.transaction(async (tx) => {
    await tx.query('DELETE FROM search_synonyms');
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO search_synonyms (term, alternatives)
       SELECT r->>'term', ARRAY(SELECT jsonb_array_elements_text(r->'alternatives')) FROM jsonb_array_elements($1::jsonb) r`,
      [JSON.stringify(rows)],
    );
  });
}

export async function synonymsOf(sql: SqlRunner, terms: string[]): Promise<Record<string, string[]>> {
  if (terms.length === 0) return {};
  const { rows } = await sql.query(
    `SELECT term, alternatives FROM search_synonyms WHERE term = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))`,
    [JSON.stringify(terms)],
  );
  return Object.fromEntries(rows.map((r) => [String(r.term), r.alternatives as string[]]));
}
