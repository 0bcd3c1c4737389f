import fc from 'fast-check';
import { SHIPPED_STATUSES, type ShipmentLine, type ShipmentStatus } from '../shipments.contract';
import { deriveFulfilment, FULFILMENT_RANK } from './fulfilment';

const ship = (status: ShipmentStatus, ...lines: [string, number][]) => ({
  status,
  lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
});
const items: ShipmentLine[] = [
  { sku: 'A', quantity: 3 },
  { sku: 'B', quantity: 1 },
];

describe('deriveFulfilment', () => {
  it('nothing handed over: UNFULFILLED', () => {
    expect(deriveFulfilment(items, [ship('pending', ['A', 3], ['B', 1])]).status).toBe('UNFULFILLED');
    expect(deriveFulfilment(items, [ship('label_purchased', ['A', 3]), ship('cancelled', ['B', 1])]).status).toBe('UNFULFILLED');
  });

  it('one order line split across shipments (Vendure #2324): counted per unit, each once', () => {
    const east = ship('in_transit', ['A', 2]);
    const west = ship('pending', ['A', 1], ['B', 1]);
    expect(deriveFulfilment(items, [east, west])).toEqual({
      status: 'PARTIALLY_SHIPPED',
      lines: [
        { sku: 'A', ordered: 3, shipped: 2, delivered: 0 },
        { sku: 'B', ordered: 1, shipped: 0, delivered: 0 },
      ],
    });
    expect(deriveFulfilment(items, [ship('delivered', ['A', 2]), ship('out_for_delivery', ['A', 1], ['B', 1])])).toEqual({
      status: 'SHIPPED',
      lines: [
        { sku: 'A', ordered: 3, shipped: 3, delivered: 2 },
        { sku: 'B', ordered: 1, shipped: 1, delivered: 0 },
      ],
    });
    expect(deriveFulfilment(items, [ship('delivered', ['A', 2]), ship('delivered', ['A', 1], ['B', 1])]).status).toBe(
      'DELIVERED',
    );
  });

  it('the same SKU on two order lines is one line', () => {
    const twice = [...items, { sku: 'A', quantity: 2 }];
    expect(deriveFulfilment(twice, [ship('delivered', ['A', 3], ['B', 1])]).status).toBe('PARTIALLY_SHIPPED');
    expect(deriveFulfilment(twice, [ship('delivered', ['A', 5], ['B', 1])]).lines[0]).toEqual({
      sku: 'A',
      ordered: 5,
      shipped: 5,
      delivered: 5,
    });
  });

  it('returned to sender counts as shipped, never delivered', () => {
    const r = deriveFulfilment(items, [ship('returned_to_sender', ['A', 3]), ship('delivered', ['B', 1])]);
    expect(r.status).toBe('SHIPPED');
    expect(r.lines[0]).toEqual({ sku: 'A', ordered: 3, shipped: 3, delivered: 0 });
  });

  it('failed attempts are shipped; SKUs the order lacks are ignored; no items is UNFULFILLED', () => {
    expect(deriveFulfilment(items, [ship('failed_attempt', ['A', 3], ['B', 1], ['Z', 9])]).status).toBe('SHIPPED');
    expect(deriveFulfilment([], [ship('delivered', ['A', 1])]).status).toBe('UNFULFILLED');
  });
});

describe('deriveFulfilment: properties', () => {
  /** Each shipment's path through the statuses as tracking advances it (never backwards, never out of a terminal). */
  const PATHS: ShipmentStatus[][] = [
    ['pending', 'label_purchased', 'in_transit', 'out_for_delivery', 'failed_attempt', 'delivered'],
    ['pending', 'in_transit', 'returned_to_sender'],
    ['pending', 'cancelled'],
    ['label_purchased', 'out_for_delivery', 'delivered'],
  ];
  const order = fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C'), quantity: fc.integer({ min: 1, max: 4 }) }), {
    minLength: 1,
    maxLength: 4,
  });
  // Split every unit of the order over 1..3 shipments, each following one path, advanced in a random interleaving.
  const scenario = order.chain((lines) =>
    fc.record({
      lines: fc.constant(lines),
      owner: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 16, maxLength: 16 }),
      paths: fc.array(fc.constantFrom(...PATHS), { minLength: 3, maxLength: 3 }),
      steps: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 20 }),
    }),
  );

  it('shipped ≥ delivered on every line, and the status never goes back as shipments advance', () => {
    fc.assert(
      fc.property(scenario, ({ lines, owner, paths, steps }) => {
        const shipments = paths.map(() => ({ at: 0, lines: [] as ShipmentLine[] }));
        lines.forEach((l, i) => {
          for (let u = 0; u < l.quantity; u++)
            shipments[owner[(i * 4 + u) % owner.length]].lines.push({ sku: l.sku, quantity: 1 });
        });
        const view = () =>
          deriveFulfilment(
            lines,
            shipments.map((s, i) => ({ status: paths[i][s.at], lines: s.lines })),
          );
        let last = view();
        for (const k of steps) {
          shipments[k].at = Math.min(shipments[k].at + 1, paths[k].length - 1);
          const next = view();
          for (const l of next.lines) expect(l.shipped).toBeGreaterThanOrEqual(l.delivered);
          expect(FULFILMENT_RANK[next.status]).toBeGreaterThanOrEqual(FULFILMENT_RANK[last.status]);
          last = next;
        }
        const done = shipments.every((s, i) => SHIPPED_STATUSES.includes(paths[i][s.at]) || !s.lines.length);
        if (done) expect(['SHIPPED', 'DELIVERED']).toContain(last.status);
      }),
    );
  });
});
