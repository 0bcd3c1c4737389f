import fc from 'fast-check';
import type { RuleError } from '../../../mixins/validation/rule-error';
import type { ShipmentLine } from '../shipments.contract';
import { splitForShipping } from './split';

const shipment = {
  id: 'o1:east',
  lines: [
    { sku: 'A', quantity: 3 },
    { sku: 'B', quantity: 1 },
  ],
};
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return `${(e as RuleError).code} ${String((e as RuleError).data.field)}`;
  }
};

describe('splitForShipping', () => {
  it('no lines: everything ships, no remainder', () => {
    expect(splitForShipping(shipment, undefined, 1)).toEqual({ shipped: shipment.lines, remainder: null, remainderId: null });
  });

  it('all units named: no remainder', () => {
    const all = [
      { sku: 'B', quantity: 1 },
      { sku: 'A', quantity: 3 },
    ];
    expect(splitForShipping(shipment, all, 1)).toEqual({ shipped: shipment.lines, remainder: null, remainderId: null });
  });

  it('fewer units: the rest moves to the next child, a line split across both', () => {
    expect(splitForShipping(shipment, [{ sku: 'A', quantity: 2 }], 2)).toEqual({
      shipped: [{ sku: 'A', quantity: 2 }],
      remainder: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      remainderId: 'o1:east/2',
    });
  });

  it("a remainder's remainder is numbered under the original shipment, so ids stay short however often a parcel splits", () => {
    const remainder = { ...shipment, id: 'o1:east/2' };
    expect(splitForShipping(remainder, [{ sku: 'A', quantity: 1 }], 3).remainderId).toBe('o1:east/3');
  });

  it.each<[string, ShipmentLine[], string]>([
    ['empty', [], 'lines'],
    [
      'unknown SKU',
      [
        { sku: 'A', quantity: 1 },
        { sku: 'Z', quantity: 1 },
      ],
      'lines[1].sku',
    ],
    [
      'twice',
      [
        { sku: 'A', quantity: 1 },
        { sku: 'A', quantity: 1 },
      ],
      'lines[1].sku',
    ],
    ['over', [{ sku: 'A', quantity: 4 }], 'lines[0].quantity'],
    ['zero', [{ sku: 'B', quantity: 0 }], 'lines[0].quantity'],
    ['fraction', [{ sku: 'A', quantity: 1.5 }], 'lines[0].quantity'],
  ])('refuses %s naming the field', (_, lines, field) => {
    expect(fieldOf(() => splitForShipping(shipment, lines, 1))).toBe(`SHIPMENT_LINES_INVALID ${field}`);
  });

  it('property: shipped + remainder = what the shipment held, per SKU', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1 }), (a, b) => {
        const req = [{ sku: 'A', quantity: a }, ...(b ? [{ sku: 'B', quantity: b }] : [])];
        const r = splitForShipping(shipment, req, 1);
        const sum = new Map<string, number>();
        for (const l of [...r.shipped, ...(r.remainder ?? [])]) sum.set(l.sku, (sum.get(l.sku) ?? 0) + l.quantity);
        expect(sum).toEqual(
          new Map([
            ['A', 3],
            ['B', 1],
          ]),
        );
        expect(r.remainder === null).toBe(a === 3 && b === 1);
      }),
    );
  });
});
