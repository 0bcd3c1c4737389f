import type { WriteOp } from '../../mixins/store/store.types';
import type { Movement, ReturnedUnits, ReturnUnitsParams } from './inventory.contract';
import { newStock, stockId } from './inventory.domain';

/**
 * Units a return brought back, as pure data. Resaleable: one `return` movement, on hand +q.
 * Damaged: the `return` +q and a `write-off` −q in the same unit, so on hand never counts them
 * and no reservation can take them, while the ledger still shows they came back.
 */

/** Deterministic per ref: a repeat (a retried saga step, a concurrent copy) clashes on the `return` movement and changes nothing. */
export const returnUnitIds = (ref: string) => ({ back: `return-unit#${ref}`, off: `write-off#${ref}` });

export function returnUnitMovements(p: ReturnUnitsParams, actor: string, now: number): Movement[] {
  const ids = returnUnitIds(p.ref);
  const base = { sku: p.sku, warehouse: p.warehouse, reservedDelta: 0, ref: p.ref, actor, at: now };
  const back: Movement = { ...base, id: ids.back, onHandDelta: p.quantity, reason: 'return', note: p.condition };
  if (p.condition === 'resaleable') return [back];
  return [back, { ...base, id: ids.off, onHandDelta: -p.quantity, reason: 'write-off', note: 'damaged on return' }];
}

/**
 * The unit's writes: the stock row (its on hand moved by the movements' sum; created with it when
 * the warehouse has no row of this SKU yet), then the movements, the `return` one first.
 */
export function returnUnitOps(p: ReturnUnitsParams, rowExists: boolean, actor: string, now: number): WriteOp[] {
  const movements = returnUnitMovements(p, actor, now);
  const net = movements.reduce((sum, m) => sum + m.onHandDelta, 0);
  const stock: WriteOp = rowExists
    ? {
        op: 'update',
        collection: 'stock',
        id: stockId(p.sku, p.warehouse),
        change: { $inc: { onHand: net }, $set: { updatedAt: now } },
      }
    : { op: 'insert', collection: 'stock', doc: newStock({ ...p, quantity: net }, now) };
  return [stock, ...movements.map((doc): WriteOp => ({ op: 'insert', collection: 'movements', doc }))];
}

/** What a ref did, read back from its movements; null when it was never applied. */
export function returnedUnitsOf(back: Movement | null, off: Movement | null): ReturnedUnits | null {
  if (!back) return null;
  const quantity = back.onHandDelta;
  return {
    ref: back.ref,
    sku: back.sku,
    warehouse: back.warehouse,
    quantity,
    condition: off ? 'damaged' : 'resaleable',
    restocked: off ? 0 : quantity,
    writtenOff: off ? quantity : 0,
  };
}

/** The answer of a unit just applied (its own movements). */
export function answerOf(ops: WriteOp[]): ReturnedUnits {
  const [back, off] = ops.flatMap((o) => (o.op === 'insert' && o.collection === 'movements' ? [o.doc as Movement] : []));
  return returnedUnitsOf(back, off ?? null)!;
}
