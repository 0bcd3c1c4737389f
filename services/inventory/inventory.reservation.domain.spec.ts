import type { ReservationDoc } from './inventory.contract';
import { newStock } from './inventory.domain';
import { availabilityOf, duplicateSkus, sameLines, settleVerdict, shortagesOf } from './inventory.reservation.domain';

describe('reservation rules', () => {
  it('a repeat of an ended reservation is idempotent; the opposite end conflicts; releasing an expired hold is a repeat', () => {
    expect(settleVerdict('active', 'committed')).toBe('apply');
    expect(settleVerdict('committed', 'committed')).toBe('done');
    expect(settleVerdict('released', 'committed')).toBe('conflict');
    expect(settleVerdict('expired', 'committed')).toBe('conflict');
    expect(settleVerdict('released', 'released')).toBe('done');
    expect(settleVerdict('expired', 'released')).toBe('done');
    expect(settleVerdict('committed', 'released')).toBe('conflict');
    expect(settleVerdict('committed', 'expired')).toBe('conflict');
  });

  it('a retried reserve matches on SKUs and quantities in any order, not on allocations', () => {
    const doc = {
      lines: [
        { sku: 'A', quantity: 2, allocations: [{ warehouse: 'x', quantity: 2 }] },
        { sku: 'B', quantity: 1, allocations: [{ warehouse: 'y', quantity: 1 }] },
      ],
    } as ReservationDoc;
    expect(
      sameLines(doc, [
        { sku: 'B', quantity: 1 },
        { sku: 'A', quantity: 2 },
      ]),
    ).toBe(true);
    expect(sameLines(doc, [{ sku: 'A', quantity: 2 }])).toBe(false);
    expect(
      sameLines(doc, [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 3 },
      ]),
    ).toBe(false);
  });

  it('names repeated SKUs, and sums availability per SKU with 0 for unknown ones', () => {
    expect(
      duplicateSkus([
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
        { sku: 'A', quantity: 2 },
      ]),
    ).toEqual(['A']);
    const rows = [
      { ...newStock({ sku: 'A', warehouse: 'x', quantity: 5, ref: 'r' }, 0), reserved: 2 },
      newStock({ sku: 'A', warehouse: 'y', quantity: 1, ref: 'r' }, 0),
      newStock({ sku: 'Z', warehouse: 'y', quantity: 9, ref: 'r' }, 0),
    ];
    expect(availabilityOf(['A', 'B'], rows)).toEqual({ A: 4, B: 0 });
    expect(shortagesOf([{ sku: 'A', quantity: 7 }], rows)).toEqual([{ sku: 'A', requested: 7, available: 4 }]);
  });
});
