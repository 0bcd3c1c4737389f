import type { WriteOp } from '../../mixins/store/store.types';
import type { Movement, ReturnUnitsParams, StockRecord } from './inventory.contract';
import { replayLedger } from './inventory.domain';
import { answerOf, returnedUnitsOf, returnUnitIds, returnUnitOps } from './inventory.returns.domain';

const params = (condition: ReturnUnitsParams['condition'], quantity = 3): ReturnUnitsParams => ({
  ref: 'rcpt-1:TEE-1',
  sku: 'TEE-1',
  warehouse: 'east',
  quantity,
  condition,
});
const movementsOf = (ops: WriteOp[]) =>
  ops.flatMap((o) => (o.op === 'insert' && o.collection === 'movements' ? [o.doc as Movement] : []));
const stockOp = (ops: WriteOp[]) => ops.find((o) => o.collection === 'stock')!;

describe('returned units', () => {
  it('resaleable: one `return` movement and on hand up by the units', () => {
    const ops = returnUnitOps(params('resaleable'), true, 'system', 5);
    expect(movementsOf(ops).map((m) => [m.reason, m.onHandDelta, m.reservedDelta])).toEqual([['return', 3, 0]]);
    expect(stockOp(ops)).toMatchObject({ op: 'update', id: 'TEE-1#east', change: { $inc: { onHand: 3 } } });
  });

  it('damaged: a `return` and a `write-off` in the same unit, on hand unchanged', () => {
    const ops = returnUnitOps(params('damaged'), true, 'system', 5);
    expect(movementsOf(ops).map((m) => [m.reason, m.onHandDelta])).toEqual([
      ['return', 3],
      ['write-off', -3],
    ]);
    expect(stockOp(ops)).toMatchObject({ change: { $inc: { onHand: 0 } } });
  });

  it('creates the stock row the ledger then explains, when the warehouse has none of the SKU', () => {
    for (const condition of ['resaleable', 'damaged'] as const) {
      const ops = returnUnitOps(params(condition, 2), false, 'system', 5);
      const stock = stockOp(ops);
      expect(stock.op).toBe('insert');
      const doc = (stock as Extract<WriteOp, { op: 'insert' }>).doc as StockRecord;
      expect(replayLedger(movementsOf(ops)).get(doc.id)).toEqual({ onHand: doc.onHand, reserved: doc.reserved });
    }
  });

  it('ids derive from the ref alone: a repeat with other figures still clashes with the first', () => {
    const first = movementsOf(returnUnitOps(params('damaged'), true, 'a', 1)).map((m) => m.id);
    const again = movementsOf(returnUnitOps({ ...params('resaleable', 9), sku: 'OTHER' }, false, 'b', 2)).map((m) => m.id);
    expect(first).toEqual([returnUnitIds('rcpt-1:TEE-1').back, returnUnitIds('rcpt-1:TEE-1').off]);
    expect(again[0]).toBe(first[0]);
  });

  it('answers what the ref did from its movements', () => {
    const [back, off] = movementsOf(returnUnitOps(params('damaged'), true, 'system', 5));
    expect(returnedUnitsOf(back, off)).toEqual({ ...params('damaged'), restocked: 0, writtenOff: 3 });
    expect(returnedUnitsOf(back, null)).toEqual({ ...params('resaleable'), restocked: 3, writtenOff: 0 });
    expect(returnedUnitsOf(null, null)).toBeNull();
    expect(answerOf(returnUnitOps(params('resaleable'), false, 'system', 5))).toMatchObject({ restocked: 3, writtenOff: 0 });
  });
});
