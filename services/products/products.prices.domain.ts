import type { Money, Price, PriceRange, Variant } from './products.contract';

/**
 * Price schedules. Prices are piecewise constant between boundaries (every `from` and `to`), so the
 * answer at any instant equals the answer at the latest boundary at or before it: that boundary
 * (the "epoch") is what cached reads are keyed by, and a scheduled price takes effect without a job.
 */

export interface Problem {
  field: string;
  message: string;
}

const isScheduled = (p: Price) => p.from !== undefined || p.to !== undefined;
const holds = (p: Price, at: number) => (p.from ?? -Infinity) <= at && at < (p.to ?? Infinity);

/** A variant's schedule; a row written before schedules has one `price`, read as the open-ended base. */
export function pricesOf(variant: Variant): Price[] {
  if (variant.prices?.length) return variant.prices;
  return variant.price ? [{ amount: variant.price.amount, currency: variant.price.currency }] : [];
}

/** The price in effect at `at`: a scheduled one whose window [from, to) holds wins over the base; null when none does. */
export function priceAt(prices: Price[], at: number): Money | null {
  const chosen = prices.find((p) => isScheduled(p) && holds(p, at)) ?? prices.find((p) => !isScheduled(p));
  return chosen ? { amount: chosen.amount, currency: chosen.currency } : null;
}

/** What is wrong with a schedule, each problem naming the entry (`<field>[i].from`). */
export function scheduleProblems(prices: Price[], field = 'prices'): Problem[] {
  const problems: Problem[] = [];
  if (prices.length === 0) problems.push({ field, message: 'A variant needs at least one price.' });
  const bases = prices.map((p, i) => [p, i] as const).filter(([p]) => !isScheduled(p));
  for (const [, i] of bases.slice(1))
    problems.push({ field: `${field}[${i}]`, message: 'Only one price may be open-ended (no from and no to).' });
  const windows = prices.map((p, i) => [p, i] as const).filter(([p]) => isScheduled(p));
  for (const [p, i] of windows) {
    if (p.from !== undefined && p.to !== undefined && p.from >= p.to)
      problems.push({ field: `${field}[${i}].to`, message: 'to must be after from.' });
  }
  // By start; each window must begin at or after every earlier one has ended ([from, to) touch without overlapping).
  const sorted = [...windows].sort(([a], [b]) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  let reach = -Infinity;
  for (const [p, i] of sorted) {
    if ((p.from ?? -Infinity) < reach)
      problems.push({ field: `${field}[${i}].from`, message: 'Price windows must not overlap.' });
    reach = Math.max(reach, p.to ?? Infinity);
  }
  const currency = prices[0]?.currency;
  prices.forEach((p, i) => {
    if (p.currency !== currency)
      problems.push({ field: `${field}[${i}].currency`, message: 'All prices of a product share one currency.' });
  });
  return problems;
}

/** The one currency of a product's prices, or null when its variants disagree (or have none). */
export function productCurrency(variants: Variant[]): string | null {
  const currencies = new Set(variants.flatMap((v) => pricesOf(v).map((p) => p.currency)));
  return currencies.size === 1 ? [...currencies][0] : null;
}

/** Every boundary of every schedule, sorted and unique. */
export function boundariesOf(variants: Variant[]): number[] {
  const all = variants.flatMap((v) => pricesOf(v).flatMap((p) => [p.from, p.to])).filter((b): b is number => b !== undefined);
  return [...new Set(all)].sort((a, b) => a - b);
}

/** Merges sorted boundary lists into one sorted, unique list. */
export function mergeBoundaries(lists: number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** The latest boundary at or before `now` (0 before the first): prices are the same anywhere from it to the next. */
export function epochAt(boundaries: number[], now: number): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid] <= now) {
      found = boundaries[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Lowest and highest of the given prices (one currency per product), or null when there is none. */
export function priceRangeOf(prices: (Money | null)[]): PriceRange | null {
  const present = prices.filter((p): p is Money => p !== null);
  if (present.length === 0) return null;
  const amounts = present.map((p) => p.amount);
  return { min: Math.min(...amounts), max: Math.max(...amounts), currency: present[0].currency };
}
