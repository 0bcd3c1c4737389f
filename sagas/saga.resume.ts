import type { Attempted, SagaFailure, SagaState } from './saga.state';

/**
 * Putting a stopped saga back in motion: an operator's retry or forced compensation, and the
 * coordinator's own retry of a saga parked by an outage once the service it waited for is back.
 * Pure, like saga.transitions.ts; the engine persists what these return.
 */

/** Past this many resumes on its own, a saga that keeps parking is left to an operator. */
export const MAX_AUTO_RESUMES = 3;

export class SagaTransitionError extends Error {
  constructor(
    message: string,
    readonly reason: 'SAGA_NOT_PARKED' | 'SAGA_FINISHED' | 'SAGA_NOT_WAITING',
  ) {
    super(message);
    this.name = 'SagaTransitionError';
  }
}

/** Fresh retry budgets (tries and time) for every record, and failed compensations back in line. */
function rearm(state: SagaState): SagaState {
  const fresh = <A extends Attempted>({ failingSince: _since, ...a }: A) => ({ ...a, tries: 0 }) as A;
  const again = (a: Attempted): Attempted => {
    const f = fresh(a);
    return { ...f, status: f.status === 'FAILED' ? 'PENDING' : f.status };
  };
  return {
    ...state,
    steps: state.steps.map((r) => ({ ...fresh(r), ...(r.compensation ? { compensation: again(r.compensation) } : {}) })),
    ...(state.finalizer ? { finalizer: again(state.finalizer) } : {}),
  };
}

/** An operator's retry of a parked saga: it goes on from where it stopped, with fresh retry budgets. */
export function retryParked(state: SagaState, now: number): SagaState {
  if (state.status !== 'NEEDS_ATTENTION' || !state.parked)
    throw new SagaTransitionError(`saga is ${state.status}, not parked`, 'SAGA_NOT_PARKED');
  const { parked: _parked, autoResumes: _count, ...rest } = rearm(state);
  return { ...rest, status: state.parked.phase, updatedAt: now };
}

/**
 * An operator's forced compensation of a running, waiting or parked saga: undoes whatever may have
 * applied (a waiting step's finished rounds too; the signal it waited for is no longer awaited).
 */
export function forceCompensation(state: SagaState, now: number): SagaState {
  if (state.status === 'COMPLETED' || state.status === 'COMPENSATED')
    throw new SagaTransitionError(`saga is already ${state.status}`, 'SAGA_FINISHED');
  const { parked: _parked, waiting: _waiting, ...rest } = rearm(state);
  const steps = rest.steps.map((r) => (r.status === 'WAITING' ? { ...r, status: 'PENDING' as const } : r));
  const current = state.steps.find((r) => r.status === 'RUNNING' || r.status === 'FAILED' || r.status === 'WAITING');
  const failure: SagaFailure = state.failure ?? {
    step: current?.id ?? 'operator',
    at: now,
    message: 'compensation forced by an operator',
    business: false,
  };
  return { ...rest, steps, status: 'COMPENSATING', failure, updatedAt: now };
}

/**
 * Whether the coordinator retries a parked saga on its own: it was parked by an outage of a
 * service that is available again, and it has not already come back parked too often.
 */
export function resumableOnReturn(state: SagaState, available: (service: string) => boolean): boolean {
  const waitingFor = state.parked?.waitingFor;
  return (
    state.status === 'NEEDS_ATTENTION' && !!waitingFor && (state.autoResumes ?? 0) < MAX_AUTO_RESUMES && available(waitingFor)
  );
}

/** The coordinator's retry after an outage: an operator's retry that counts itself. */
export function resumeOnReturn(state: SagaState, now: number): SagaState {
  return { ...retryParked(state, now), autoResumes: (state.autoResumes ?? 0) + 1 };
}
