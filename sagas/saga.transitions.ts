import type { Attempted, SagaFailure, SagaState, StepRecord } from './saga.state';
import type { FailureInfo, RetryPolicy, SagaData, SagaDefinition } from './saga.types';
import { doubling } from '../mixins/backoff';
import { keepTrying, untilOf, withBudget } from './saga.budget';
import { roundEnded, roundsDone, signalToWaitFor, waitForOf, type WaitFor } from './saga.wait';

/**
 * What a saga does next, and what an outcome makes of its state: pure, so every rule is
 * unit-tested without a broker or a store. The engine persists each state these return.
 */

export const DEFAULT_STEP_RETRY: RetryPolicy = { attempts: 1, backoffMs: 0 };
export const DEFAULT_COMPENSATION_RETRY: RetryPolicy = { attempts: 5, backoffMs: 200 };
// Short enough that a participant back from an outage is tried again within seconds even if no one wakes the saga.
const MAX_BACKOFF_MS = 10_000;

/** The parts of a definition the rules need (no participant calls; waitsUntil only reads the data). */
export interface SagaShape {
  steps: {
    id: string;
    compensable: boolean;
    retry: RetryPolicy;
    bestEffort: boolean;
    mustComplete: boolean;
    waitsUntil?: (data: SagaData) => number | undefined;
    waitFor?: WaitFor;
  }[];
  hasFinalizer: boolean;
  compensationRetry: RetryPolicy;
}

/** `retryBudgetMs`: how long undoing (and steps that must complete) are tried before the saga is parked. */
export const shapeOf = (def: SagaDefinition, retryBudgetMs = 0): SagaShape => ({
  steps: def.steps.map((s) => ({
    id: s.id,
    compensable: typeof s.compensate === 'function',
    retry: s.mustComplete ? withBudget(s.retry ?? DEFAULT_STEP_RETRY, retryBudgetMs) : (s.retry ?? DEFAULT_STEP_RETRY),
    bestEffort: s.bestEffort === true,
    mustComplete: s.mustComplete === true,
    waitsUntil: s.waitsUntil as SagaShape['steps'][number]['waitsUntil'],
    waitFor: waitForOf(s.waitFor as string | WaitFor | undefined),
  })),
  hasFinalizer: typeof def.onFailure === 'function',
  compensationRetry: withBudget(def.compensationRetry ?? DEFAULT_COMPENSATION_RETRY, retryBudgetMs),
});

export type Move =
  | { kind: 'invoke'; index: number }
  /** The step waits for a signal first: the engine looks in the mailbox, and parks the saga WAITING if it is empty. */
  | { kind: 'wait'; index: number; signal: string }
  | { kind: 'compensate'; index: number }
  | { kind: 'finalize' }
  | { kind: 'finish'; status: 'COMPLETED' | 'COMPENSATED' }
  | { kind: 'idle' };

export type Outcome =
  | { ok: true; output?: Record<string, unknown>; compensateInput?: unknown; again?: boolean }
  | { ok: false; failure: FailureInfo };

/**
 * A step needs undoing when it answered (or finished a round of waiting), or when a try may have
 * reached the participant without an answer (timeout, crash, lost node). A business refusal means
 * that try did not happen.
 */
export const mayHaveApplied = (r: StepRecord): boolean =>
  r.status === 'DONE' ||
  roundsDone(r) > 0 ||
  (r.attempts > 0 && (r.status === 'RUNNING' || (r.status === 'FAILED' && r.business !== true)));

/** Indices of the steps to compensate, in the order to run them: the reverse of the order they ran. */
export function compensationStack(state: SagaState, shape: SagaShape): number[] {
  const out: number[] = [];
  for (let i = state.steps.length - 1; i >= 0; i--)
    if (shape.steps[i]?.compensable && mayHaveApplied(state.steps[i])) out.push(i);
  return out;
}

export function nextMove(state: SagaState, shape: SagaShape): Move {
  if (state.status === 'RUNNING') {
    const index = state.steps.findIndex((r) => r.status !== 'DONE' && r.status !== 'SKIPPED');
    if (index < 0) return { kind: 'finish', status: 'COMPLETED' };
    const signal = signalToWaitFor(shape.steps[index].waitFor, state.steps[index], state.data);
    return signal ? { kind: 'wait', index, signal } : { kind: 'invoke', index };
  }
  if (state.status === 'COMPENSATING') {
    const index = compensationStack(state, shape).find((i) => state.steps[i].compensation?.status !== 'DONE');
    if (index !== undefined) return { kind: 'compensate', index };
    if (shape.hasFinalizer && state.finalizer?.status !== 'DONE') return { kind: 'finalize' };
    return { kind: 'finish', status: 'COMPENSATED' };
  }
  return { kind: 'idle' };
}

export const backoffMs = (policy: RetryPolicy, tries: number): number => doubling(policy.backoffMs, MAX_BACKOFF_MS)(tries);

const fresh = (): Attempted => ({ status: 'PENDING', attempts: 0, tries: 0 });
const started = (a: Attempted, now: number): Attempted => ({
  ...a,
  status: 'RUNNING',
  attempts: a.attempts + 1,
  tries: a.tries + 1,
  startedAt: a.startedAt ?? now,
});
const failedTry = (a: Attempted, f: FailureInfo, now: number): Attempted => ({
  ...a,
  error: f.message,
  errorCode: f.code,
  business: f.business,
  failingSince: a.failingSince ?? now,
});

/** Applies `fn` to the record a move works on (a step, its compensation, or the finalizer). */
function mapTarget(state: SagaState, move: Move, fn: (a: Attempted) => Attempted): SagaState {
  if (move.kind === 'finalize') return { ...state, finalizer: fn(state.finalizer ?? fresh()) };
  if (move.kind !== 'invoke' && move.kind !== 'compensate') return state;
  const steps = state.steps.map((r, i) => {
    if (i !== move.index) return r;
    if (move.kind === 'invoke') return { ...r, ...fn(r) };
    return { ...r, compensation: fn(r.compensation ?? fresh()) };
  });
  return { ...state, steps };
}

/** Before a try: counted and stamped, so a crash mid-call leaves a RUNNING record behind. */
export const beginTry = (state: SagaState, move: Move, now: number): SagaState => ({
  ...mapTarget(state, move, (a) => started(a, now)),
  updatedAt: now,
});

export interface Settled {
  state: SagaState;
  /** Set when the same move is to be tried again after this long. */
  retryInMs?: number;
}

/** After a try: what its outcome does to the saga. */
export function settleTry(state: SagaState, move: Move, outcome: Outcome, shape: SagaShape, now: number): Settled {
  const base = { ...state, updatedAt: now };
  if (move.kind === 'finish') return { state: { ...base, status: move.status, finishedAt: now } };
  if (move.kind === 'idle' || move.kind === 'wait') return { state };
  const target =
    move.kind === 'finalize'
      ? base.finalizer!
      : move.kind === 'invoke'
        ? base.steps[move.index]
        : base.steps[move.index].compensation!;
  if (outcome.ok && outcome.again && move.kind === 'invoke') return { state: roundEnded(base, move.index, outcome, now) };
  if (outcome.ok) {
    const done = mapTarget(base, move, (a) => ({ ...a, status: 'DONE', finishedAt: now }));
    if (move.kind !== 'invoke' || (!outcome.output && outcome.compensateInput === undefined)) return { state: done };
    const kept = { output: outcome.output, compensateInput: outcome.compensateInput };
    const steps = done.steps.map((r, i) => (i === move.index ? { ...r, ...dropUndefined(kept) } : r));
    return { state: { ...done, steps, data: { ...done.data, ...outcome.output } } };
  }
  const f = outcome.failure;
  const withError = mapTarget(base, move, (a) => failedTry(a, f, now));
  const tried = failedTry(target, f, now);
  if (move.kind === 'invoke') {
    const step = shape.steps[move.index];
    if (!f.business && keepTrying(tried, { policy: step.retry, until: untilOf(step.waitsUntil, state.data) }, now))
      return { state: withError, retryInMs: backoffMs(step.retry, target.tries) };
    if (step.bestEffort) return { state: mapTarget(withError, move, (a) => ({ ...a, status: 'SKIPPED', finishedAt: now })) };
    const failed = mapTarget(withError, move, (a) => ({ ...a, status: 'FAILED', finishedAt: now }));
    if (step.mustComplete) return { state: park(failed, 'RUNNING', `${step.id}: ${f.message}`, now, f) };
    const failure: SagaFailure = { step: step.id, at: now, ...f };
    return { state: { ...failed, status: 'COMPENSATING', failure } };
  }
  // Compensations are retried whatever the error: undoing must not be given up lightly.
  if (keepTrying(tried, { policy: shape.compensationRetry }, now))
    return { state: withError, retryInMs: backoffMs(shape.compensationRetry, target.tries) };
  const what = move.kind === 'finalize' ? 'on-failure' : `${shape.steps[move.index].id} compensation`;
  const failed = mapTarget(withError, move, (a) => ({ ...a, status: 'FAILED', finishedAt: now }));
  return { state: park(failed, 'COMPENSATING', `${what}: ${f.message}`, now, f) };
}

const dropUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const park = (state: SagaState, phase: 'RUNNING' | 'COMPENSATING', reason: string, now: number, f: FailureInfo): SagaState => ({
  ...state,
  status: 'NEEDS_ATTENTION',
  parked: { phase, reason, at: now, ...(f.outage && f.service ? { waitingFor: f.service } : {}) },
});
