import type { WriteOp } from '../../mixins/store/store.types';
import type { LowStock, Movement, MovementReason, ReservationDoc, ReservationStatus, StockRecord } from './inventory.contract';
import { dropGuard, stockId } from './inventory.domain';

/**
 * The writes of one inventory change, as pure data: the stock rows, one movement per stock row
 * changed (so the ledger replays to the stock), and the low-stock crossings to publish. Stock
 * updates are ordered by id so concurrent units lock rows in one order (no deadlocks on PostgreSQL).
 */

export interface UnitPlan {
  ops: WriteOp[];
  lowStock: LowStock[];
}

/** Movement ids derive from the order, so a second application of the same step cannot record twice. */
const orderMovementId = (reason: MovementReason, orderId: string, sku: string, warehouse: string) =>
  `${reason}#${orderId}#${sku}#${warehouse}`;

const allocationsOf = (doc: ReservationDoc) =>
  doc.lines
    .flatMap((l) =>
      l.allocations.map((a) => ({ sku: l.sku, warehouse: a.warehouse, quantity: a.quantity, id: stockId(l.sku, a.warehouse) })),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export class StaleStockError extends Error {
  constructor(readonly id: string) {
    super(`stock ${id} cannot take the change as read`);
  }
}

/** Reserving: insert the reservation (first, so a duplicate order id is what a clash reports), then each allocation. */
export function reserveUnit(doc: ReservationDoc, stock: Map<string, StockRecord>, actor: string, now: number): UnitPlan {
  const updates: WriteOp[] = [];
  const movements: WriteOp[] = [];
  const lowStock: LowStock[] = [];
  for (const a of allocationsOf(doc)) {
    const row = stock.get(a.id);
    const guard = row && dropGuard(row, a.quantity);
    if (!row || !guard) throw new StaleStockError(a.id);
    updates.push({
      op: 'update',
      collection: 'stock',
      id: a.id,
      change: { $inc: { reserved: a.quantity }, $set: { updatedAt: now } },
      where: guard.where,
    });
    movements.push(
      movementOp({
        id: orderMovementId('reservation', doc.id, a.sku, a.warehouse),
        sku: a.sku,
        warehouse: a.warehouse,
        onHandDelta: 0,
        reservedDelta: a.quantity,
        reason: 'reservation',
        ref: doc.id,
        actor,
        at: now,
      }),
    );
    if (guard.crosses)
      lowStock.push({ sku: a.sku, warehouse: a.warehouse, available: guard.after, reorderPoint: row.reorderPoint });
  }
  return { ops: [{ op: 'insert', collection: 'reservations', doc }, ...updates, ...movements], lowStock };
}

/**
 * Ending an active reservation: committed (reserved units leave as sold), or released/expired
 * (reserved units return to available). Conditional on the status still being active, so of a
 * concurrent release, commit and sweep exactly one applies.
 */
export function settleUnit(
  doc: ReservationDoc,
  to: Exclude<ReservationStatus, 'active'>,
  actor: string,
  now: number,
  reason?: string,
): WriteOp[] {
  const sale = to === 'committed';
  const movementReason: MovementReason = sale ? 'sale' : 'release';
  const status: WriteOp = {
    op: 'update',
    collection: 'reservations',
    id: doc.id,
    change: { $set: { status: to, updatedAt: now, ...(reason ? { reason } : {}) } },
    where: { status: 'active' },
  };
  const updates: WriteOp[] = [];
  const movements: WriteOp[] = [];
  for (const a of allocationsOf(doc)) {
    const inc: Record<string, number> = sale ? { onHand: -a.quantity, reserved: -a.quantity } : { reserved: -a.quantity };
    updates.push({ op: 'update', collection: 'stock', id: a.id, change: { $inc: inc, $set: { updatedAt: now } } });
    movements.push(
      movementOp({
        id: orderMovementId(movementReason, doc.id, a.sku, a.warehouse),
        sku: a.sku,
        warehouse: a.warehouse,
        onHandDelta: sale ? -a.quantity : 0,
        reservedDelta: -a.quantity,
        reason: movementReason,
        ref: doc.id,
        actor,
        at: now,
      }),
    );
  }
  return [status, ...updates, ...movements];
}

/** A manual change of on-hand units; a decrease is guarded like a reservation (never below zero available). */
export function adjustUnit(row: StockRecord, movement: Movement, now: number): UnitPlan {
  const delta = movement.onHandDelta;
  const change = { $inc: { onHand: delta }, $set: { updatedAt: now } };
  if (delta > 0) return { ops: [{ op: 'update', collection: 'stock', id: row.id, change }, movementOp(movement)], lowStock: [] };
  const guard = dropGuard(row, -delta);
  if (!guard) throw new StaleStockError(row.id);
  const lowStock = guard.crosses
    ? [{ sku: row.sku, warehouse: row.warehouse, available: guard.after, reorderPoint: row.reorderPoint }]
    : [];
  return { ops: [{ op: 'update', collection: 'stock', id: row.id, change, where: guard.where }, movementOp(movement)], lowStock };
}

const movementOp = (doc: Movement): WriteOp => ({ op: 'insert', collection: 'movements', doc });
