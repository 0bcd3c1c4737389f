import type { Movement, ReceiveParams, SkuLevels, StockRecord } from './inventory.contract';

/** Pure inventory rules: ids, availability and the movement that explains a change. */
export const stockId = (sku: string, warehouse: string): string => `${sku}#${warehouse}`;

/** Deterministic, so a retried receipt collides with the first one instead of counting twice. */
export const receiptMovementId = (p: ReceiveParams): string => `receipt#${p.ref}#${p.sku}#${p.warehouse}`;

export const available = (s: Pick<StockRecord, 'onHand' | 'reserved'>): number => s.onHand - s.reserved;

export function receiptMovement(p: ReceiveParams, at: number): Movement {
  return { id: receiptMovementId(p), sku: p.sku, warehouse: p.warehouse, onHandDelta: p.quantity, reservedDelta: 0, reason: 'receipt', ref: p.ref, at };
}

export function newStock(p: ReceiveParams, at: number): StockRecord {
  return { id: stockId(p.sku, p.warehouse), sku: p.sku, warehouse: p.warehouse, onHand: p.quantity, reserved: 0, reorderPoint: 0, priority: 0, updatedAt: at };
}

export function levelsOf(sku: string, rows: StockRecord[]): SkuLevels {
  const warehouses = rows
    .map((r) => ({ warehouse: r.warehouse, onHand: r.onHand, reserved: r.reserved, available: available(r) }))
    .sort((a, b) => a.warehouse.localeCompare(b.warehouse));
  return { sku, available: warehouses.reduce((sum, w) => sum + w.available, 0), warehouses };
}

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
