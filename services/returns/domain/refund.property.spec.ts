import fc from 'fast-check';
import type { RefundComputation, RefundedUnit, ShippingRefundPolicy } from '../returns.contract';
import { orders, returnBatches } from './order.arbitraries';
import { refundFor } from './refund';
import { unitLedger } from './unit-ledger';

const scenarios = orders.chain((order) =>
  fc.record({
    order: fc.constant(order),
    batches: returnBatches(order),
    refundShipping: fc.constantFrom<ShippingRefundPolicy>('full-return-only', 'always', 'never'),
    feeBps: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
    feeFlat: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
    /** Captured less than the total (an earlier cancellation refund, a partial capture) in some runs. */
    shortBy: fc.oneof(fc.constant(0), fc.nat(5000)),
  }),
);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Runs the batches in sequence as returns would, each refund seeing the ones before. */
function refundAll(
  ledger: ReturnType<typeof unitLedger>,
  batches: { sku: string; quantity: number }[][],
  policy: Parameters<typeof refundFor>[0]['policy'],
  capturedTotal: number,
  earlier: RefundedUnit[] = [],
): RefundComputation[] {
  const refunded: RefundedUnit[] = [...earlier];
  let refundedSoFar = sum(earlier.map((u) => u.goods + u.shipping));
  return batches.map((units) => {
    const r = refundFor({ ledger, refunded, units, policy, capturedTotal, refundedSoFar });
    refunded.push(...r.units);
    refundedSoFar += r.amount;
    return r;
  });
}
describe('refunds over random orders and random sequences of partial returns (properties)', () => {
  it('never more than captured; everything back refunds exactly the captured total when shipping is refunded', () => {
    fc.assert(
      fc.property(scenarios, ({ order, batches, refundShipping, shortBy }) => {
        const ledger = unitLedger(order);
        const captured = Math.max(0, order.totals.total - shortBy);
        const refunds = refundAll(ledger, batches, { refundShipping }, captured);
        const total = sum(refunds.map((r) => r.amount));
        expect(total).toBeLessThanOrEqual(captured);
        expect(refunds.map((r) => r.fullReturn)).toEqual(batches.map((_, i) => i === batches.length - 1));
        if (shortBy === 0) {
          expect(refunds.every((r) => r.capped === 0)).toBe(true);
          expect(total).toBe(refundShipping === 'never' ? order.totals.total - ledger.shipping : order.totals.total);
        }
        if (refundShipping === 'full-return-only') expect(refunds.slice(0, -1).every((r) => r.shipping === 0)).toBe(true);
      }),
    );
  });

  it("each refund is the sum of its units' refundable amounts (less the fee), unit by unit", () => {
    fc.assert(
      fc.property(scenarios, ({ order, batches, refundShipping, feeBps, feeFlat }) => {
        const ledger = unitLedger(order);
        const policy = { refundShipping, restockingFeeBps: feeBps, restockingFeeFlat: feeFlat };
        const refunds = refundAll(ledger, batches, policy, order.totals.total);
        const before = new Map<string, { goods: number; shipping: number }>();
        refunds.forEach((r, i) => {
          expect(sum(r.perLine.map((l) => l.quantity))).toBe(sum(batches[i].map((b) => b.quantity)));
          // A unit gives back its goods once, with its batch; later it can only give back shipping.
          for (const u of r.units) {
            const paid = ledger.lines.find((l) => l.sku === u.sku)!.units[u.index];
            const had = before.get(`${u.sku}#${u.index}`) ?? { goods: 0, shipping: 0 };
            if (!before.has(`${u.sku}#${u.index}`)) expect(u.goods).toBe(paid.goods - had.goods);
            else expect(u.goods).toBe(0);
            expect(u.shipping).toBeLessThanOrEqual(paid.shippingPaid - had.shipping);
            before.set(`${u.sku}#${u.index}`, { goods: had.goods + u.goods, shipping: had.shipping + u.shipping });
          }
          expect(r.amount).toBe(sum(r.units.map((u) => u.goods + u.shipping)) - r.fee);
          expect(sum(r.perLine.map((l) => l.amount)) + r.shipping).toBe(sum(r.units.map((u) => u.goods + u.shipping)));
          expect(r.amount).toBeGreaterThanOrEqual(0);
        });
        const shipping = sum(refunds.map((r) => r.shipping));
        expect(shipping).toBe(refundShipping === 'never' ? 0 : ledger.shipping);
        // Every unit's goods were refunded once, exactly what it paid.
        expect(sum([...before.values()].map((v) => v.goods))).toBe(sum(ledger.lines.flatMap((l) => l.units.map((u) => u.goods))));
      }),
    );
  });

  it('goodwill amounts on kept units are deducted when those units come back; the whole still adds up to the captured total', () => {
    fc.assert(
      fc.property(
        scenarios,
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 4 }),
        (s, picks) => {
          const ledger = unitLedger(s.order);
          const units = ledger.lines.flatMap((l) => l.units.map((u) => ({ sku: l.sku, u })));
          const goodwill: RefundedUnit[] = picks.map(([at, share]) => {
            const { sku, u } = units[at % units.length];
            return {
              sku,
              index: u.index,
              goods: Math.floor((u.goods * share) / (picks.length || 1)),
              shipping: 0,
              returned: false,
            };
          });
          const refunds = refundAll(ledger, s.batches, { refundShipping: 'always' }, s.order.totals.total, goodwill);
          const total = sum(goodwill.map((g) => g.goods)) + sum(refunds.map((r) => r.amount));
          expect(total).toBe(s.order.totals.total);
          expect(refunds.every((r) => r.amount >= 0 && r.capped === 0)).toBe(true);
        },
      ),
    );
  });
});
