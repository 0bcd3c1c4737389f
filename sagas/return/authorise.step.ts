import type { SagaStep } from '../saga.types';
import type { DecisionSignal, ReturnData } from './return.types';

/** The failure reason of a return support or an admin rejected: the saga compensates and ends it rejected. */
export const REJECTED = 'RETURN_REJECTED';

/**
 * An auto-approved return goes on at once; any other waits (WAITING, no lease) for the `decision`
 * signal that the admin approve/reject sends once it has marked the return. A rejection is a
 * business failure: nothing ran before it, and the saga's onFailure ends the return rejected. The
 * approval is marked again here (idempotent): a decision signal is enough for the return to move on.
 */
export const authorise: SagaStep<ReturnData> = {
  id: 'authorise',
  deadlineMs: 3_000,
  retry: { attempts: 5, backoffMs: 250 },
  waitFor: (data) => (data.approved ? undefined : 'decision'),
  async invoke(ctx) {
    const decision = ctx.signal?.data as DecisionSignal | undefined;
    if (decision && decision.decision !== 'approved') ctx.fail(decision.reason ?? 'rejected', REJECTED);
    if (decision) await ctx.call('returns.markApproved', { returnId: ctx.data.returnId });
    return { decision: 'approved' };
  },
};
