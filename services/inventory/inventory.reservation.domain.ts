import type { Candidate } from './inventory.allocation';
import type { OrderLine, Reservation, ReservationDoc, Shortage, StockRecord } from './inventory.contract';
import { available } from './inventory.domain';

/** Pure rules of the reservation lifecycle that need no store. */

export const toReservation = (d: ReservationDoc): Reservation => ({
  orderId: d.id,
  status: d.status,
  lines: d.lines,
  expiresAt: d.expiresAt,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const lineKey = (lines: OrderLine[]) =>
  lines
    .map((l) => `${l.sku}:${l.quantity}`)
    .sort()
    .join(',');

/** A retried reserve asks for the same units of the same SKUs (in any order). */
export const sameLines = (doc: ReservationDoc, lines: OrderLine[]): boolean => lineKey(doc.lines) === lineKey(lines);

/** SKUs that appear more than once in an order's lines. */
export function duplicateSkus(lines: OrderLine[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const l of lines) (seen.has(l.sku) ? dup : seen).add(l.sku);
  return [...dup];
}

export function candidatesBySku(rows: StockRecord[]): Map<string, Candidate[]> {
  const out = new Map<string, Candidate[]>();
  for (const r of rows)
    out.set(r.sku, [...(out.get(r.sku) ?? []), { warehouse: r.warehouse, available: available(r), priority: r.priority }]);
  return out;
}

/** Every line with the units its SKU has available over all warehouses. */
export const shortagesOf = (lines: OrderLine[], rows: StockRecord[]): Shortage[] => {
  const have = availabilityOf(
    lines.map((l) => l.sku),
    rows,
  );
  return lines.map((l) => ({ sku: l.sku, requested: l.quantity, available: have[l.sku] }));
};

/** Units available per SKU over all warehouses; 0 for a SKU without stock rows. */
export function availabilityOf(skus: string[], rows: StockRecord[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(skus.map((s) => [s, 0]));
  for (const r of rows) if (Object.hasOwn(out, r.sku)) out[r.sku] += Math.max(0, available(r));
  return out;
}

export type SettleTarget = 'committed' | 'released' | 'expired';

/**
 * What a settle request means for a reservation no longer active: the same end again is an
 * idempotent repeat ('done'); the opposite end is a conflict. Releasing an expired hold is a repeat.
 */
export function settleVerdict(status: ReservationDoc['status'], to: SettleTarget): 'apply' | 'done' | 'conflict' {
  if (status === 'active') return 'apply';
  if (to === 'committed') return status === 'committed' ? 'done' : 'conflict';
  return status === 'committed' ? 'conflict' : 'done';
}
