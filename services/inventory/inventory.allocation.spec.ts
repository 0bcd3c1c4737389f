import { coverWarehouses, planAllocation, type Candidate } from './inventory.allocation';

const stock = (rows: Record<string, [warehouse: string, available: number, priority?: number][]>) =>
  new Map<string, Candidate[]>(
    Object.entries(rows).map(([sku, cs]) => [
      sku,
      cs.map(([warehouse, available, priority = 0]) => ({ warehouse, available, priority })),
    ]),
  );

const allocations = (plan: ReturnType<typeof planAllocation>) => {
  if (!plan.ok) throw new Error(`unexpected shortage ${JSON.stringify(plan.shortages)}`);
  return Object.fromEntries(plan.lines.map((l) => [l.sku, l.allocations.map((a) => `${a.warehouse}:${a.quantity}`)]));
};

describe('allocation planner', () => {
  it('fills a line whole from one warehouse, by priority then name', () => {
    const s = stock({
      A: [
        ['west', 10, 2],
        ['east', 10, 1],
        ['north', 10, 1],
      ],
    });
    expect(allocations(planAllocation([{ sku: 'A', quantity: 4 }], s))).toEqual({ A: ['east:4'] });
  });

  it('prefers a warehouse that fills the whole line over a split, whatever its priority', () => {
    const s = stock({
      A: [
        ['near', 3, 0],
        ['mid', 3, 1],
        ['far', 5, 9],
      ],
    });
    expect(allocations(planAllocation([{ sku: 'A', quantity: 5 }], s))).toEqual({ A: ['far:5'] });
  });

  it('uses the fewest warehouses for the whole order before priority', () => {
    // "best" ranks first but only holds A; "both" holds A and B, so one warehouse serves the order.
    const s = stock({
      A: [
        ['best', 9, 0],
        ['both', 9, 5],
      ],
      B: [['both', 9, 5]],
    });
    const plan = planAllocation(
      [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 2 },
      ],
      s,
    );
    expect(allocations(plan)).toEqual({ A: ['both:2'], B: ['both:2'] });
  });

  it('splits a line only when no single warehouse can fill it, largest first, fewest parts', () => {
    const s = stock({
      A: [
        ['a', 2, 0],
        ['b', 6, 3],
        ['c', 3, 1],
        ['d', 3, 2],
      ],
    });
    expect(allocations(planAllocation([{ sku: 'A', quantity: 10 }], s))).toEqual({ A: ['b:6', 'c:3', 'a:1'] });
  });

  it('on equal availability, a split prefers warehouses the order already uses', () => {
    const s = stock({
      A: [
        ['x', 4, 0],
        ['y', 4, 1],
      ],
      B: [['y', 5, 1]],
    });
    const plan = planAllocation(
      [
        { sku: 'A', quantity: 6 },
        { sku: 'B', quantity: 5 },
      ],
      s,
    );
    expect(allocations(plan)).toEqual({ A: ['y:4', 'x:2'], B: ['y:5'] });
  });

  it('reports every short line with what is available, ignoring non-positive rows', () => {
    const s = stock({
      A: [
        ['x', 2],
        ['y', -1],
      ],
      B: [['x', 9]],
    });
    const plan = planAllocation(
      [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 9 },
        { sku: 'C', quantity: 1 },
      ],
      s,
    );
    expect(plan).toEqual({
      ok: false,
      shortages: [
        { sku: 'A', requested: 3, available: 2 },
        { sku: 'C', requested: 1, available: 0 },
      ],
    });
  });

  it('finds the minimum cover where greedy would not', () => {
    // Greedy takes "c" (covers 4 lines) and then needs two more; {a, b} covers all six.
    const sets = [['a', 'c'], ['a', 'c'], ['a'], ['b', 'c'], ['b', 'c'], ['b']].map((s) => new Set(s));
    expect(coverWarehouses(sets, ['c', 'a', 'b'])).toEqual(['a', 'b']);
  });

  it('among equal-size covers picks the best-ranked, and falls back to a greedy cover with many warehouses', () => {
    expect(coverWarehouses([new Set(['p', 'q']), new Set(['p', 'q'])], ['q', 'p'])).toEqual(['q']);
    const many = Array.from({ length: 20 }, (_, i) => `w${String(i).padStart(2, '0')}`);
    const sets = many.map((w, i) => new Set([w, many[(i + 1) % many.length]]));
    const cover = coverWarehouses(sets, many);
    expect(sets.every((s) => cover.some((w) => s.has(w)))).toBe(true);
    expect(cover.length).toBeLessThanOrEqual(11);
  });
});
