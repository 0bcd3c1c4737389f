import { matches, normalizeFilter } from '../../mixins/store/store.query';
import type { CollectionDef, Filter, WriteOp } from '../../mixins/store/store.types';
import type { Movement, ReservationDoc, StockRecord } from './inventory.contract';
import { available, dropGuard, replayLedger, stockId } from './inventory.domain';
import { adjustUnit, reserveUnit, settleUnit, StaleStockError } from './inventory.ops';

const STOCK: CollectionDef = { name: 'stock', fields: { onHand: 'int', reserved: 'int', reorderPoint: 'int' } };
const holds = (where: Filter, row: StockRecord) => matches(row, normalizeFilter(STOCK, where));
const row = (warehouse: string, onHand: number, reserved: number, reorderPoint = 0): StockRecord => ({
  id: stockId('SKU-1', warehouse),
  sku: 'SKU-1',
  warehouse,
  onHand,
  reserved,
  reorderPoint,
  priority: 0,
  updatedAt: 0,
});

/** Applies a unit's stock updates in memory, as an engine would ($inc only; conditions checked separately). */
function applyStock(rows: Map<string, StockRecord>, ops: WriteOp[]) {
  for (const op of ops) {
    if (op.op !== 'update' || op.collection !== 'stock') continue;
    const r = rows.get(op.id)!;
    if (op.where && !holds(op.where, r)) throw new Error(`guard failed on ${op.id}`);
    for (const [k, by] of Object.entries(op.change.$inc ?? {})) (r as unknown as Record<string, number>)[k] += by;
  }
}
const movementsOf = (ops: WriteOp[]) =>
  ops.flatMap((o) => (o.op === 'insert' && o.collection === 'movements' ? [o.doc as Movement] : []));

describe('stock guard (a drop of available)', () => {
  it('holds for a concurrent state exactly when the drop keeps available >= 0 and the low-stock verdict stays true', () => {
    for (const rp of [0, 3, 7])
      for (const drop of [1, 2, 5])
        for (let readReserved = 0; readReserved <= 10; readReserved++) {
          const read = row('w', 10, readReserved, rp);
          const guard = dropGuard(read, drop);
          if (available(read) - drop < 0) {
            expect(guard).toBeNull();
            continue;
          }
          for (let nowReserved = 0; nowReserved <= 10; nowReserved++) {
            const now = row('w', 10, nowReserved, rp);
            const before = available(now);
            const after = before - drop;
            const crossesNow = before >= rp && after < rp;
            const ok = holds(guard!.where, now);
            if (ok) {
              expect(after).toBeGreaterThanOrEqual(0);
              expect(crossesNow).toBe(guard!.crosses);
              if (guard!.crosses) expect(after).toBe(guard!.after);
            }
            if (nowReserved === readReserved) expect(ok).toBe(true);
          }
          // A change of on-hand or of the reorder point since the read also re-plans.
          expect(holds(guard!.where, row('w', 11, readReserved, rp))).toBe(false);
          expect(holds(guard!.where, row('w', 10, readReserved, rp + 1))).toBe(false);
        }
  });
});

describe('ledger rules', () => {
  const doc: ReservationDoc = {
    id: 'order-1',
    status: 'active',
    lines: [
      {
        sku: 'SKU-1',
        quantity: 7,
        allocations: [
          { warehouse: 'b', quantity: 5 },
          { warehouse: 'a', quantity: 2 },
        ],
      },
    ],
    expiresAt: 10,
    createdAt: 1,
    updatedAt: 1,
  };
  const fresh = () => new Map([row('a', 4, 0, 3), row('b', 5, 0)].map((r) => [r.id, r]));

  it('every unit records one movement per stock row it changes, and stock always equals the ledger replayed', () => {
    for (const end of ['committed', 'released', 'expired'] as const) {
      const rows = fresh();
      const ledger: Movement[] = [...rows.values()].map((r) => ({
        id: `r-${r.id}`,
        sku: r.sku,
        warehouse: r.warehouse,
        onHandDelta: r.onHand,
        reservedDelta: 0,
        reason: 'receipt',
        ref: 'po',
        at: 0,
      }));
      const reserve = reserveUnit(doc, rows, 'system', 2);
      expect(reserve.ops[0]).toMatchObject({ op: 'insert', collection: 'reservations' });
      // Stock rows in id order: concurrent units lock them in the same order.
      expect(reserve.ops.filter((o) => o.op === 'update').map((o) => (o as { id: string }).id)).toEqual(['SKU-1#a', 'SKU-1#b']);
      const settle = settleUnit(doc, end, 'system', 3, end);
      const adjust = adjustUnit(row('b', 5, 5), { ...ledger[1], id: 'adj', onHandDelta: 4, reason: 'return' }, 4);
      for (const ops of [reserve.ops, settle, adjust.ops]) {
        applyStock(rows, ops);
        ledger.push(...movementsOf(ops));
        const replayed = replayLedger(ledger);
        for (const r of rows.values()) expect(replayed.get(r.id)).toEqual({ onHand: r.onHand, reserved: r.reserved });
      }
      expect(rows.get('SKU-1#b')).toMatchObject({ onHand: end === 'committed' ? 4 : 9, reserved: 0 });
      expect(settle[0]).toMatchObject({ where: { status: 'active' }, change: { $set: { status: end } } });
    }
  });

  it('movement ids derive from the order, so a step applied twice collides instead of counting twice', () => {
    const ids = (ops: WriteOp[]) => movementsOf(ops).map((m) => m.id);
    expect(ids(reserveUnit(doc, fresh(), 'x', 2).ops)).toEqual(ids(reserveUnit(doc, fresh(), 'y', 9).ops));
    expect(ids(settleUnit(doc, 'released', 'x', 3))).toEqual(ids(settleUnit(doc, 'expired', 'system', 4)));
    expect(ids(settleUnit(doc, 'committed', 'x', 3))[0]).toBe('sale#order-1#SKU-1#a');
  });

  it('reports a low-stock crossing once, with the figures after the change', () => {
    const reserve = reserveUnit(doc, fresh(), 'system', 2);
    expect(reserve.lowStock).toEqual([{ sku: 'SKU-1', warehouse: 'a', available: 2, reorderPoint: 3 }]);
    // Already below the reorder point: no second event.
    const below = new Map([row('a', 4, 0, 9), row('b', 5, 0)].map((r) => [r.id, r]));
    expect(reserveUnit(doc, below, 'system', 2).lowStock).toEqual([]);
    const short = new Map([row('a', 4, 3, 3), row('b', 5, 0)].map((r) => [r.id, r]));
    expect(() => reserveUnit(doc, short, 'system', 2)).toThrow(StaleStockError);
    const adjust = adjustUnit(
      row('a', 4, 0, 3),
      { id: 'm', sku: 'SKU-1', warehouse: 'a', onHandDelta: -2, reservedDelta: 0, reason: 'adjustment', ref: 'u', at: 1 },
      1,
    );
    expect(adjust.lowStock).toEqual([{ sku: 'SKU-1', warehouse: 'a', available: 2, reorderPoint: 3 }]);
    expect(() =>
      adjustUnit(
        row('a', 4, 3, 3),
        { id: 'm', sku: 'SKU-1', warehouse: 'a', onHandDelta: -2, reservedDelta: 0, reason: 'adjustment', ref: 'u', at: 1 },
        1,
      ),
    ).toThrow(StaleStockError);
  });
});
