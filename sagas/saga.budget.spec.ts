import { keepTrying, untilOf, withBudget } from './saga.budget';
import type { Attempted } from './saga.state';

const tried = (tries: number, failingSince?: number): Attempted => ({ status: 'RUNNING', attempts: tries, tries, failingSince });
const policy = { attempts: 3, backoffMs: 100 };

describe('retry budgets', () => {
  it('without a time budget, the tries decide', () => {
    expect(keepTrying(tried(2, 0), { policy }, 1_000_000)).toBe(true);
    expect(keepTrying(tried(3, 0), { policy }, 1)).toBe(false);
  });

  it('a time budget keeps the tries going until that long after the first failure, then stops', () => {
    const budget = { policy: { ...policy, budgetMs: 300_000 } };
    expect(keepTrying(tried(40, 1_000), budget, 1_000 + 299_999)).toBe(true);
    expect(keepTrying(tried(40, 1_000), budget, 1_000 + 300_000)).toBe(false);
    // The tries still count when they outlast the time.
    expect(keepTrying(tried(1, 1_000), budget, 10_000_000)).toBe(true);
    // A first failure not yet stamped counts from now.
    expect(keepTrying(tried(5), budget, 50)).toBe(true);
  });

  it("a step's own wait (until a time its data sets) applies whatever the policy says", () => {
    expect(keepTrying(tried(99, 0), { policy, until: 60_000 }, 59_999)).toBe(true);
    expect(keepTrying(tried(99, 0), { policy, until: 60_000 }, 60_000)).toBe(false);
    // The longer of the two wins.
    expect(keepTrying(tried(99, 0), { policy: { ...policy, budgetMs: 90_000 }, until: 60_000 }, 80_000)).toBe(true);
  });

  it("withBudget fills in the engine's budget only where the policy names none", () => {
    expect(withBudget(policy, 5_000)).toEqual({ ...policy, budgetMs: 5_000 });
    expect(withBudget({ ...policy, budgetMs: 7 }, 5_000).budgetMs).toBe(7);
  });

  it('untilOf reads a finite time or nothing', () => {
    expect(untilOf((d) => d.at as number, { at: 5 })).toBe(5);
    expect(untilOf((d) => d.at as number, {})).toBeUndefined();
    expect(untilOf((d) => Number(d.at), { at: 'x' })).toBeUndefined();
    expect(untilOf(undefined, { at: 5 })).toBeUndefined();
  });
});
