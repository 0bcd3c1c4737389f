import type { Filter } from '../../mixins/store/store.types';
import type { Movement, ReceiveParams, SkuLevels, StockRecord, StockSettings } from './inventory.contract';

/** Pure inventory rules: ids, availability, the guards that keep it non-negative, and the ledger. */
export const stockId = (sku: string, warehouse: string): string => `${sku}#${warehouse}`;

/** Deterministic, so a retried receipt collides with the first one instead of counting twice. */
export const receiptMovementId = (p: ReceiveParams): string => `receipt#${p.ref}#${p.sku}#${p.warehouse}`;

export const available = (s: Pick<StockRecord, 'onHand' | 'reserved'>): number => s.onHand - s.reserved;

export function receiptMovement(p: ReceiveParams, at: number, actor = 'system'): Movement {
  return {
    id: receiptMovementId(p),
    sku: p.sku,
    warehouse: p.warehouse,
    onHandDelta: p.quantity,
    reservedDelta: 0,
    reason: 'receipt',
    ref: p.ref,
    actor,
    at,
  };
}

export function newStock(p: ReceiveParams, at: number): StockRecord {
  return {
    id: stockId(p.sku, p.warehouse),
    sku: p.sku,
    warehouse: p.warehouse,
    onHand: p.quantity,
    reserved: 0,
    reorderPoint: 0,
    priority: 0,
    updatedAt: at,
  };
}

export function levelsOf(sku: string, rows: StockRecord[]): SkuLevels {
  const warehouses = rows
    .map((r) => ({ warehouse: r.warehouse, onHand: r.onHand, reserved: r.reserved, available: available(r) }))
    .sort((a, b) => a.warehouse.localeCompare(b.warehouse));
  return { sku, available: warehouses.reduce((sum, w) => sum + w.available, 0), warehouses };
}

export const settingsOf = (r: StockRecord): StockSettings => ({
  sku: r.sku,
  warehouse: r.warehouse,
  onHand: r.onHand,
  reserved: r.reserved,
  available: available(r),
  reorderPoint: r.reorderPoint,
  priority: r.priority,
});

/** Stock figures must equal the ledger replayed; returns the figures the ledger implies. */
export function replayLedger(movements: Movement[]): Map<string, { onHand: number; reserved: number }> {
  const out = new Map<string, { onHand: number; reserved: number }>();
  for (const m of movements) {
    const key = stockId(m.sku, m.warehouse);
    const cur = out.get(key) ?? { onHand: 0, reserved: 0 };
    out.set(key, { onHand: cur.onHand + m.onHandDelta, reserved: cur.reserved + m.reservedDelta });
  }
  return out;
}

export interface StockGuard {
  /** The condition the stock row must still meet when the change applies. */
  where: Filter;
  /** Available units after the change (exact whenever `crosses`). */
  after: number;
  /** The change takes available from at or above the reorder point to below it: emit low-stock. */
  crosses: boolean;
}

/**
 * Guard for a change that lowers available by `drop` (> 0), from the row as read. The where pins
 * onHand and reorderPoint and bounds reserved so that, whatever concurrent reservations did since
 * the read, available stays >= 0 and stays in the regime read (above the reorder point after the
 * change / crossing it / already below it). Crossing pins reserved exactly, so exactly one change
 * reports a crossing and with the exact figure. A failed where means: re-read and re-plan.
 * Returns null when the row as read cannot take the drop at all.
 */
export function dropGuard(s: StockRecord, drop: number): StockGuard | null {
  const H = s.onHand;
  const rp = s.reorderPoint;
  const before = available(s);
  const after = before - drop;
  if (after < 0) return null;
  const pinned = { onHand: H, reorderPoint: rp };
  if (after >= rp) return { where: { ...pinned, reserved: { $lte: H - drop - rp } }, after, crosses: false };
  if (before >= rp) return { where: { ...pinned, reserved: s.reserved }, after, crosses: true };
  return { where: { ...pinned, reserved: { $gt: H - rp, $lte: H - drop } }, after, crosses: false };
}
