import { planRefund, refundableOf, refundedOf, statusForRefunded } from './payments.refunds.domain';

const captured = (refunded?: number) => ({ status: 'CAPTURED' as const, amount: 5000, refunded });

describe('refund plans', () => {
  it('a partial refund holds its amount; the one reaching the captured amount makes the payment REFUNDED', () => {
    expect(planRefund(captured(), 1200)).toEqual({
      kind: 'apply',
      amount: 1200,
      refundedTotal: 1200,
      status: 'PARTIALLY_REFUNDED',
    });
    const partly = { status: 'PARTIALLY_REFUNDED' as const, amount: 5000, refunded: 1200 };
    expect(planRefund(partly, 3800)).toEqual({ kind: 'apply', amount: 3800, refundedTotal: 5000, status: 'REFUNDED' });
  });

  it('without an amount, refunds everything left', () => {
    expect(planRefund(captured())).toEqual({ kind: 'apply', amount: 5000, refundedTotal: 5000, status: 'REFUNDED' });
    expect(planRefund({ status: 'PARTIALLY_REFUNDED', amount: 5000, refunded: 4700 })).toMatchObject({
      amount: 300,
      status: 'REFUNDED',
    });
  });

  it('more than is left (or nothing) exceeds, naming what is refundable', () => {
    expect(planRefund({ status: 'PARTIALLY_REFUNDED', amount: 5000, refunded: 4800 }, 300)).toEqual({
      kind: 'exceeds',
      refundable: 200,
    });
    expect(planRefund(captured(), 0)).toEqual({ kind: 'exceeds', refundable: 5000 });
    expect(planRefund({ status: 'REFUNDED', amount: 5000 }, 1)).toEqual({ kind: 'exceeds', refundable: 0 });
  });

  it('everything, when everything is back, is done; uncaptured payments cannot be refunded', () => {
    expect(planRefund({ status: 'REFUNDED', amount: 5000 })).toEqual({ kind: 'done' });
    for (const status of ['AUTHORIZED', 'VOIDED', 'DECLINED', 'FAILED'] as const)
      expect(planRefund({ status, amount: 5000 }, 100)).toEqual({ kind: 'illegal' });
  });

  it('a payment refunded whole before partial refunds existed counts as all given back', () => {
    expect(refundedOf({ status: 'REFUNDED', amount: 5000 })).toBe(5000);
    expect(refundableOf({ status: 'REFUNDED', amount: 5000 })).toBe(0);
    expect(refundableOf(captured(300))).toBe(4700);
  });

  it('status follows the refunded total', () => {
    expect([0, 1, 4999, 5000].map((r) => statusForRefunded(5000, r))).toEqual([
      'CAPTURED',
      'PARTIALLY_REFUNDED',
      'PARTIALLY_REFUNDED',
      'REFUNDED',
    ]);
  });
});
