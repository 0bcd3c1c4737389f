import type { RefundedUnit } from '../returns.contract';
import { refundFor, RefundError, restockingFee, returnOrder } from './refund';
import { ledgerOf, policy } from './refund.fixtures';

// A: two units, the first bore an extra minor unit of discount (999 vs 1000); B: one unit. Shipping 301 spread.
const ledger = ledgerOf([
  [
    'A',
    [
      [999, 100],
      [1000, 100],
    ],
  ],
  ['B', [[500, 101]]],
]);
const base = { ledger, refunded: [] as RefundedUnit[], policy: policy(), capturedTotal: ledger.total, refundedSoFar: 0 };

describe('refundFor', () => {
  it('returns the cheapest unit first; no shipping until the whole order is back', () => {
    expect(returnOrder(ledger.lines[0]).map((u) => u.index)).toEqual([0, 1]);
    const r = refundFor({ ...base, units: [{ sku: 'A', quantity: 1 }] });
    expect(r).toMatchObject({ amount: 999, shipping: 0, fee: 0, capped: 0, fullReturn: false });
    expect(r.perLine).toEqual([{ sku: 'A', quantity: 1, amount: 999 }]);
    expect(r.units).toEqual([{ sku: 'A', index: 0, goods: 999, shipping: 0, returned: true }]);
  });

  it('the refund that brings back the last unit carries all the shipping (full-return-only)', () => {
    const first = refundFor({ ...base, units: [{ sku: 'A', quantity: 1 }] });
    const last = refundFor({
      ...base,
      refunded: first.units,
      refundedSoFar: first.amount,
      units: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
    });
    expect(last).toMatchObject({ amount: 1000 + 500 + 301, shipping: 301, fullReturn: true });
    expect(first.amount + last.amount).toBe(ledger.total);
  });

  it('always: each unit takes its shipping share; never: none, even on a full return', () => {
    expect(refundFor({ ...base, policy: policy({ refundShipping: 'always' }), units: [{ sku: 'B', quantity: 1 }] }).amount).toBe(
      601,
    );
    const all = [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1 },
    ];
    expect(refundFor({ ...base, policy: policy({ refundShipping: 'never' }), units: all })).toMatchObject({
      amount: 2499,
      shipping: 0,
      fullReturn: true,
    });
  });

  it('refunds what is left of a unit after a goodwill amount, and lets a kept unit be returned later', () => {
    const goodwill: RefundedUnit[] = [{ sku: 'B', index: 0, goods: 200, shipping: 0, returned: false }];
    const r = refundFor({ ...base, refunded: goodwill, refundedSoFar: 200, units: [{ sku: 'B', quantity: 1 }] });
    expect(r.amount).toBe(300);
  });

  it('restocking fee: bps of the goods rounded down plus the flat fee, never more than the refund', () => {
    expect(restockingFee(999, policy({ restockingFeeBps: 1500, restockingFeeFlat: 100 }))).toBe(149 + 100);
    const r = refundFor({
      ...base,
      policy: policy({ restockingFeeBps: 1500, restockingFeeFlat: 100 }),
      units: [{ sku: 'A', quantity: 1 }],
    });
    expect(r).toMatchObject({ amount: 999 - 249, fee: 249 });
    expect(refundFor({ ...base, policy: policy({ restockingFeeFlat: 5000 }), units: [{ sku: 'B', quantity: 1 }] })).toMatchObject(
      { amount: 0, fee: 500 },
    );
  });

  it('never more than captured − refunded so far', () => {
    const r = refundFor({ ...base, capturedTotal: 2000, refundedSoFar: 1500, units: [{ sku: 'A', quantity: 2 }] });
    expect(r).toMatchObject({ amount: 500, capped: 1499 });
    expect(refundFor({ ...base, capturedTotal: 100, refundedSoFar: 300, units: [{ sku: 'B', quantity: 1 }] }).amount).toBe(0);
  });

  it('refuses units that are not there, naming the field', () => {
    const once = refundFor({ ...base, units: [{ sku: 'B', quantity: 1 }] }).units;
    const again = () =>
      refundFor({
        ...base,
        refunded: once,
        units: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 1 },
        ],
      });
    expect(again).toThrow(RefundError);
    expect(again).toThrow(
      expect.objectContaining({
        code: 'NOT_RETURNABLE',
        data: expect.objectContaining({ field: 'units[1].quantity', returnable: 0 }),
      }),
    );
    expect(() =>
      refundFor({
        ...base,
        units: [
          { sku: 'A', quantity: 2 },
          { sku: 'A', quantity: 1 },
        ],
      }),
    ).toThrow(/Only 0 more of A/);
    expect(() => refundFor({ ...base, units: [{ sku: 'Z', quantity: 1 }] })).toThrow(
      expect.objectContaining({ data: expect.objectContaining({ field: 'units[0].sku' }) }),
    );
    expect(() => refundFor({ ...base, units: [{ sku: 'A', quantity: 0 }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_QUANTITY' }),
    );
    expect(() =>
      refundFor({ ...base, refunded: [{ sku: 'A', index: 5, goods: 1, shipping: 0, returned: true }], units: [] }),
    ).toThrow(/does not have/);
  });
});
