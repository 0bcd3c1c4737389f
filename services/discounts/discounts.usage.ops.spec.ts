import type { WriteOp } from '../../mixins/store/store.types';
import { giveBack, moveLimits, moveRow, releases, takeUse, type UsageDoc } from './discounts.usage.ops';
import type { Promotion } from './domain/promotion.types';

const promotion = (limits?: Promotion['limits'], releaseOnCancel = true) => ({ id: 'p1', limits, releaseOnCancel }) as Promotion;
const row: UsageDoc = {
  id: 'p1:o1',
  promotionId: 'p1',
  orderId: 'o1',
  userId: 'u1',
  code: 'SPRINGABC',
  batchCode: true,
  status: 'reserved',
  amount: 100,
  currency: 'EUR',
  reservedAt: 1,
  expiresAt: 2,
};
const first: WriteOp = { op: 'insert', collection: 'promotion_usage', doc: row };
const whereOf = (ops: WriteOp[]) => ops.map((o) => (o.op === 'update' ? [o.id, o.where ?? null] : [o.op, null]));

describe('usage writes', () => {
  it('guards each limit with one conditional increment, and names the limit of each op', () => {
    const take = takeUse(promotion({ total: 50, perCustomer: 1 }), 'u1', 'SPRINGABC', first);
    expect(whereOf(take.ops)).toEqual([
      ['insert', null],
      ['total:p1', { limits: '50/1', taken: { $lt: 50 } }],
      ['customer:p1:u1', { taken: { $lt: 1 } }],
      ['SPRINGABC', { uses: { $lt: 1 } }],
    ]);
    expect([...take.limits]).toEqual([
      [1, 'total'],
      [2, 'perCustomer'],
      [3, 'code'],
    ]);
  });

  it('still counts uses without limits, so a limit added later starts from the truth', () => {
    expect(whereOf(takeUse(promotion(), 'u1', undefined, first).ops)).toEqual([
      ['insert', null],
      ['total:p1', { limits: '-/-' }],
      ['customer:p1:u1', null],
    ]);
  });

  it('a PATCH moves the limits on the total counter only while the uses taken fit the new total', () => {
    expect(moveLimits('p1', { limits: { total: 5 } })).toMatchObject({
      id: 'total:p1',
      change: { $set: { limits: '5/-' } },
      where: { taken: { $lte: 5 } },
    });
    expect(moveLimits('p1', { limits: { perCustomer: 2 } })).not.toHaveProperty('where');
  });

  it('gives back exactly what a take raised; the row moves only from the status it was read in', () => {
    expect(giveBack(row).map((o) => (o.op === 'update' ? [o.id, o.change] : o.op))).toEqual([
      ['total:p1', { $inc: { taken: -1 } }],
      ['customer:p1:u1', { $inc: { taken: -1 } }],
      ['SPRINGABC', { $inc: { uses: -1 } }],
    ]);
    expect(giveBack({ ...row, batchCode: undefined })).toHaveLength(2);
    expect(moveRow(row, 'reserved', { status: 'used' })).toMatchObject({ id: 'p1:o1', where: { status: 'reserved' } });
  });

  it('releases a reserved use always, a used one on a failed checkout, or on cancel or return when the promotion says so', () => {
    expect(releases('reserved', 'checkout-failed', null)).toBe(true);
    // The commit landed but its answer was lost: the order never completed, so the use is given back.
    expect(releases('used', 'checkout-failed', promotion(undefined, false))).toBe(true);
    expect(releases('used', 'checkout-failed', null)).toBe(true);
    expect(releases('used', 'expired', promotion())).toBe(false);
    expect(releases('used', 'cancelled', promotion())).toBe(true);
    expect(releases('used', 'returned', promotion())).toBe(true);
    expect(releases('used', 'cancelled', promotion(undefined, false))).toBe(false);
    expect(releases('used', 'cancelled', null)).toBe(false);
    expect(releases('released', 'cancelled', promotion())).toBe(false);
  });
});
