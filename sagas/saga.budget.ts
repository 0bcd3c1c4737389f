import type { Attempted } from './saga.state';
import type { RetryPolicy, SagaData } from './saga.types';

/**
 * How long a failing step, compensation or on-failure action is tried before the saga gives it up.
 * A count of tries alone is spent in seconds, while a node restart takes about a minute: so a
 * policy may also name a time budget, and a step may wait for its participant up to a time its data
 * sets (a paid order waits while its stock is held). Whichever lasts longest applies.
 */
export interface Budget {
  /** Tries and, optionally, the least time (budgetMs) to keep trying, from the first failure. */
  policy: RetryPolicy;
  /** Epoch ms before which a failing try is tried again, whatever the policy says. */
  until?: number;
}

/** True while a failed try (already counted in `a.tries`, first failed at `a.failingSince`) is to be tried again. */
export function keepTrying(a: Attempted, budget: Budget, now: number): boolean {
  if (a.tries < budget.policy.attempts) return true;
  const since = a.failingSince ?? now;
  return now < Math.max(since + (budget.policy.budgetMs ?? 0), budget.until ?? 0);
}

/** The policy with a time budget, unless it names its own. */
export const withBudget = (policy: RetryPolicy, budgetMs: number): RetryPolicy => ({
  ...policy,
  budgetMs: policy.budgetMs ?? budgetMs,
});

/** A step's own wait, read from the saga's data; NaN or absent means none. */
export function untilOf(waitsUntil: ((data: SagaData) => number | undefined) | undefined, data: SagaData): number | undefined {
  const at = waitsUntil?.(data);
  return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
}
