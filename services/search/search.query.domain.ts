import type { FacetValue, PriceBucket } from '../products/products.contract';
import { PRICE_EDGES } from '../products/products.listing.domain';
import { splitAttrKey } from './search.rows.domain';

/** Words of a query considered (the rest are ignored), as in the catalog listing. */
export const MAX_QUERY_WORDS = 8;
/** Bounded offset paging: results past this depth are not served (narrow the query instead). */
export const MAX_RESULT_WINDOW = 1_000;

/**
 * The words of a search: lower-cased, split on spaces, each trimmed of punctuation at its ends,
 * distinct. Inner hyphens stay (`t-shirt`), so a synonym may name a hyphenated word.
 */
export function queryWords(text: string | undefined): string[] {
  const words = (text ?? '')
    .toLowerCase()
    .split(/\s+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/** Dictionary words have at most this many letters (search.index.writes.ts learnWords). */
const LONGEST_WORD = 40;

/**
 * Only plain words of 3+ letters are corrected: numbers, codes and SKUs are taken as typed. A word
 * longer than any dictionary word plus two edits has no correction, and its one-edit variants
 * (~60 per letter) would only make the dictionary lookup large.
 */
export const correctable = (word: string): boolean => /^\p{L}{3,}$/u.test(word) && [...word].length <= LONGEST_WORD + 2;

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions: `phnoe` → `phone` is 1). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit away (a letter dropped, two adjacent swapped, one replaced or added):
 * looked up exactly in the dictionary, they find a one-typo correction that trigram neighbours can
 * miss among many look-alikes (`phnoe` shares as many trigrams with `photo` as with `phone`).
 */
export function oneEditAway(word: string): string[] {
  const letters = [...new Set(LETTERS + word)];
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of letters) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return [...out];
}

/** Edits allowed for a word of this length: one up to 5 letters, two beyond. */
export const allowedEdits = (word: string): number => (word.length <= 5 ? 1 : 2);

/** The candidate (nearest trigram neighbours, nearest first) with the fewest edits, if within the allowance. */
export function pickCorrection(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = allowedEdits(word) + 1;
  for (const c of candidates) {
    const distance = editDistance(word, c);
    if (distance < bestDistance) [best, bestDistance] = [c, distance];
  }
  return best;
}

/** Synonyms are symmetric: `{tee: ['t-shirt']}` also makes `t-shirt` find `tee`. Terms lower-cased, sorted. */
export function synonymRows(groups: Record<string, string[]>): { term: string; alternatives: string[] }[] {
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    if (!links.has(a)) links.set(a, new Set());
    links.get(a)!.add(b);
  };
  for (const [term, alternatives] of Object.entries(groups))
    for (const alt of alternatives) {
      link(term.toLowerCase(), alt.toLowerCase());
      link(alt.toLowerCase(), term.toLowerCase());
    }
  return [...links].sort(([a], [b]) => (a < b ? -1 : 1)).map(([term, alts]) => ({ term, alternatives: [...alts].sort() }));
}

const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/** `name=value` counts from SQL to the listing's shape: values per attribute name, most frequent first. */
export function attributeFacets(counts: { key: string; count: number }[]): Record<string, FacetValue[]> {
  const out: Record<string, FacetValue[]> = {};
  for (const { key, count } of counts) {
    const [name, value] = splitAttrKey(key);
    (out[name] ??= []).push({ value, count });
  }
  const names = Object.keys(out).sort();
  return Object.fromEntries(names.map((n) => [n, out[n].sort(byCount)]));
}

/** Bucket counts (by lower edge) to buckets with their exclusive upper edge, null for the top one. */
export function priceFacets(counts: { from: number; count: number }[]): PriceBucket[] {
  return counts.map(({ from, count }) => ({ from, to: PRICE_EDGES[PRICE_EDGES.indexOf(from) + 1] ?? null, count }));
}
