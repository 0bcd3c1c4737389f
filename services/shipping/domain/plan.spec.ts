import fc from 'fast-check';
import { RuleError } from '../../../mixins/validation/rule-error';
import { planShipments, type PlanInput } from './plan';

const input = (items: [string, number][], allocations: [string, [string, number][]][]): PlanInput => ({
  orderId: 'o1',
  userId: 'u1',
  items: items.map(([sku, quantity]) => ({ sku, quantity })),
  allocations: allocations.map(([sku, as]) => ({
    sku,
    allocations: as.map(([warehouse, quantity]) => ({ warehouse, quantity })),
  })),
  carrier: 'sandbox',
  serviceLevel: 'standard',
});

describe('planShipments', () => {
  it('one shipment per warehouse, a split line in both', () => {
    const drafts = planShipments({
      ...input(
        [
          ['A', 3],
          ['B', 1],
        ],
        [
          [
            'A',
            [
              ['west', 1],
              ['east', 2],
            ],
          ],
          ['B', [['west', 1]]],
        ],
      ),
      methodId: 'm1',
    });
    expect(drafts).toEqual([
      {
        id: 'o1:east',
        orderId: 'o1',
        userId: 'u1',
        warehouse: 'east',
        lines: [{ sku: 'A', quantity: 2 }],
        carrier: 'sandbox',
        serviceLevel: 'standard',
        methodId: 'm1',
        status: 'pending',
        events: [],
      },
      {
        id: 'o1:west',
        orderId: 'o1',
        userId: 'u1',
        warehouse: 'west',
        lines: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 1 },
        ],
        carrier: 'sandbox',
        serviceLevel: 'standard',
        methodId: 'm1',
        status: 'pending',
        events: [],
      },
    ]);
  });

  it('one warehouse: one shipment; no methodId when none chosen', () => {
    const [d, ...rest] = planShipments(
      input(
        [
          ['A', 2],
          ['B', 1],
        ],
        [
          ['B', [['main', 1]]],
          ['A', [['main', 2]]],
        ],
      ),
    );
    expect(rest).toEqual([]);
    expect(d.id).toBe('o1:main');
    expect(d.lines).toEqual([
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1 },
    ]);
    expect('methodId' in d).toBe(false);
  });

  it.each<[string, PlanInput, Record<string, unknown>]>([
    ['short', input([['A', 3]], [['A', [['east', 2]]]]), { sku: 'A', ordered: 3, allocated: 2 }],
    ['over', input([['A', 1]], [['A', [['east', 2]]]]), { sku: 'A', ordered: 1, allocated: 2 }],
    [
      'missing SKU',
      input(
        [
          ['A', 1],
          ['B', 1],
        ],
        [['A', [['east', 1]]]],
      ),
      { sku: 'B', ordered: 1, allocated: 0 },
    ],
    [
      'extra SKU',
      input(
        [['A', 1]],
        [
          ['A', [['east', 1]]],
          ['Z', [['east', 1]]],
        ],
      ),
      { sku: 'Z', ordered: 0, allocated: 1 },
    ],
  ])('an allocation that does not cover the items (%s) is refused naming the SKU', (_, i, data) => {
    expect(() => planShipments(i)).toThrow(RuleError);
    expect(() => planShipments(i)).toThrow(expect.objectContaining({ code: 'SHIPMENT_PLAN_MISMATCH', data }));
  });

  it('property: lines sum exactly to the items, per SKU, and ids are unique per warehouse', () => {
    const sku = fc.constantFrom('A', 'B', 'C', 'D');
    const wh = fc.constantFrom('east', 'west', 'north');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sku, fc.array(fc.tuple(wh, fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 3 })), {
          maxLength: 6,
        }),
        (alloc) => {
          const totals = new Map<string, number>();
          for (const [s, as] of alloc) totals.set(s, (totals.get(s) ?? 0) + as.reduce((n, [, q]) => n + q, 0));
          const drafts = planShipments(input([...totals], alloc));
          const shipped = new Map<string, number>();
          for (const d of drafts) for (const l of d.lines) shipped.set(l.sku, (shipped.get(l.sku) ?? 0) + l.quantity);
          expect(shipped).toEqual(totals);
          expect(new Set(drafts.map((d) => d.id)).size).toBe(drafts.length);
        },
      ),
    );
  });
});
