import type { SearchPage, SearchQuery } from './search.contract';
import type { IndexQuery, SearchIndex } from './search.index';
import { toProductView } from './search.document.domain';
import { correctable, oneEditAway, pickCorrection, queryWords } from './search.query.domain';

/** Options the internal listing may add to a public query. */
export interface SearchScope {
  /** Drafts and archived products too (admin listings). */
  anyStatus?: boolean;
}

const filtersOf = ({ category, brand, attr, minPrice, maxPrice, inStock }: SearchQuery) => ({
  category,
  brand,
  attr,
  minPrice,
  maxPrice,
  inStock,
});

/**
 * One search: its words are checked against the dictionary, and only words that match nothing are
 * replaced by their nearest dictionary word (trigram candidates, fewest edits); each word then
 * also matches its synonyms. The index answers rows, total and facets in one statement.
 */
export async function search(index: SearchIndex, query: SearchQuery, scope: SearchScope = {}): Promise<SearchPage> {
  const words = queryWords(query.q);
  const prefixLast = words.length > 0;
  const matches = await index.words(words.filter(correctable), prefixLast && correctable(words[words.length - 1]));
  const unknown = matches.filter((m) => !m.known);
  const near = new Set(await index.knownWords(unknown.flatMap((m) => oneEditAway(m.word))));
  const corrections = new Map<string, string>();
  for (const m of unknown) {
    // One-edit words the dictionary holds, then the trigram neighbours (for two edits in longer words).
    const oneEdit = oneEditAway(m.word).filter((w) => near.has(w));
    const better = pickCorrection(m.word, [
      ...new Set([...m.candidates.filter((c) => near.has(c)), ...oneEdit.sort(), ...m.candidates]),
    ]);
    if (better) corrections.set(m.word, better);
  }
  const searched = words.map((w) => corrections.get(w) ?? w);
  const synonyms = await index.synonymsOf(searched);
  const indexQuery: IndexQuery = {
    terms: searched.map((w) => [w, ...(synonyms[w] ?? [])]),
    // A corrected last word is a whole word already: no prefix on it.
    prefixLast: prefixLast && !corrections.has(words[words.length - 1]),
    sku: words.length === 1 ? words[0] : undefined,
    ...filtersOf(query),
    sort: query.sort,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
    anyStatus: scope.anyStatus,
  };
  const found = await index.query(indexQuery);
  return {
    rows: found.docs.map((d) => toProductView(d)),
    total: found.total,
    page: query.page,
    pageSize: query.pageSize,
    facets: found.facets,
    correctedQuery: corrections.size ? searched.join(' ') : null,
  };
}
