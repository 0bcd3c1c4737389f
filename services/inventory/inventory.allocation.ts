import type { Allocation, OrderLine, ReservationLine, Shortage } from './inventory.contract';

/**
 * The allocation rule, per order:
 * 1. A line that some single warehouse can fill whole is never split.
 * 2. Those lines use the fewest warehouses overall: the smallest set of warehouses such that each
 *    such line fits whole in one of them. Among sets of equal size the better-ranked set wins
 *    (compared warehouse by warehouse in rank order); rank = lowest `priority` of the order's rows
 *    in that warehouse, then name. Each line then takes the best-ranked row (priority, name) of the set that can fill it.
 *    (Exact for up to EXACT_LIMIT candidate warehouses; beyond that, greedy: most lines covered first.)
 * 3. A line no single warehouse can fill is split over the fewest warehouses: largest available
 *    first until the rest fits in one, which is then the best-ranked that fits; ties prefer a
 *    warehouse the order already uses, then priority, then name.
 * Lines never compete for stock with each other: SKUs are unique per order and stock is per SKU.
 */

export interface Candidate {
  warehouse: string;
  available: number;
  priority: number;
}

export type AllocationPlan = { ok: true; lines: ReservationLine[] } | { ok: false; shortages: Shortage[] };

const EXACT_LIMIT = 12;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byRank = (a: { priority: number; warehouse: string }, b: { priority: number; warehouse: string }) =>
  a.priority - b.priority || byName(a.warehouse, b.warehouse);

export function planAllocation(lines: OrderLine[], stockBySku: Map<string, Candidate[]>): AllocationPlan {
  const rows = (sku: string) => (stockBySku.get(sku) ?? []).filter((c) => c.available > 0);
  const shortages = lines
    .map((l) => ({ sku: l.sku, requested: l.quantity, available: rows(l.sku).reduce((s, c) => s + c.available, 0) }))
    .filter((s) => s.available < s.requested);
  if (shortages.length) return { ok: false, shortages };

  const fits = (l: OrderLine) => rows(l.sku).filter((c) => c.available >= l.quantity);
  const whole = lines.filter((l) => fits(l).length > 0);
  const chosen = new Set(
    coverWarehouses(
      whole.map((l) => new Set(fits(l).map((c) => c.warehouse))),
      warehouseRanks(lines, stockBySku),
    ),
  );
  const out = new Map<string, Allocation[]>();
  for (const l of whole) {
    const best = fits(l)
      .filter((c) => chosen.has(c.warehouse))
      .sort(byRank)[0];
    out.set(l.sku, [{ warehouse: best.warehouse, quantity: l.quantity }]);
  }
  for (const l of lines.filter((x) => !out.has(x.sku))) out.set(l.sku, splitLine(l, rows(l.sku), chosen));
  return { ok: true, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, allocations: out.get(l.sku)! })) };
}

/**
 * Fewest parts: the largest holdings first until the rest fits in one warehouse, then the
 * best-ranked that fits it. Ties prefer a warehouse the order already uses, then rank.
 */
function splitLine(line: OrderLine, rows: Candidate[], used: Set<string>): Allocation[] {
  const preferred = (a: Candidate, b: Candidate) => Number(used.has(b.warehouse)) - Number(used.has(a.warehouse)) || byRank(a, b);
  const parts: Allocation[] = [];
  let pool = rows;
  let left = line.quantity;
  while (left > 0) {
    const fitting = pool.filter((c) => c.available >= left).sort(preferred);
    const next = fitting[0] ?? [...pool].sort((a, b) => b.available - a.available || preferred(a, b))[0];
    const take = Math.min(left, next.available);
    parts.push({ warehouse: next.warehouse, quantity: take });
    used.add(next.warehouse);
    pool = pool.filter((c) => c !== next);
    left -= take;
  }
  return parts;
}

/** Warehouses in rank order: the lowest priority any of the order's SKUs has there, then name. */
function warehouseRanks(lines: OrderLine[], stockBySku: Map<string, Candidate[]>): string[] {
  const best = new Map<string, number>();
  for (const l of lines)
    for (const c of stockBySku.get(l.sku) ?? []) best.set(c.warehouse, Math.min(best.get(c.warehouse) ?? Infinity, c.priority));
  return [...best]
    .map(([warehouse, priority]) => ({ warehouse, priority }))
    .sort(byRank)
    .map((w) => w.warehouse);
}

/** The smallest set of warehouses hitting every line's set (a set cover), best-ranked among equals. */
export function coverWarehouses(lineSets: Set<string>[], ranked: string[]): string[] {
  if (lineSets.length === 0) return [];
  const pool = ranked.filter((w) => lineSets.some((s) => s.has(w)));
  const covers = (pick: string[]) => lineSets.every((s) => pick.some((w) => s.has(w)));
  if (pool.length <= EXACT_LIMIT) {
    // Combinations in lexicographic order of rank: the first cover of a size is the best-ranked one.
    for (let k = 1; k <= pool.length; k++) {
      const found = firstCombination(pool, k, covers);
      if (found) return found;
    }
  }
  const pick: string[] = [];
  let open = lineSets;
  while (open.length) {
    const gain = (w: string) => open.filter((s) => s.has(w)).length;
    const next = pool.reduce((best, w) => (gain(w) > gain(best) ? w : best));
    pick.push(next);
    open = open.filter((s) => !s.has(next));
  }
  return pick;
}

function firstCombination(pool: string[], k: number, accept: (pick: string[]) => boolean): string[] | null {
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    const pick = idx.map((i) => pool[i]);
    if (accept(pick)) return pick;
    let i = k - 1;
    while (i >= 0 && idx[i] === pool.length - k + i) i--;
    if (i < 0) return null;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}
