import { SagaTransitionError } from './saga.resume';
import type { SagaState, StepRecord } from './saga.state';
import type { SagaData, SagaSignal } from './saga.types';

/**
 * Steps that wait for a signal from outside (SagaStep.waitFor): when the saga parks WAITING, what
 * a signal does to it, and the rounds of a step that answers WaitAgain. Pure, like
 * saga.transitions.ts; the engine persists what these return and keeps the mailbox.
 */

export type WaitFor = (data: SagaData) => string | undefined;

/** A definition's waitFor as one function: a name, or none for steps that do not wait. */
export const waitForOf = (waitFor: string | WaitFor | undefined): WaitFor | undefined =>
  typeof waitFor === 'string' ? () => waitFor : waitFor;

/** Rounds the step finished with WaitAgain: each may have done something a compensation must undo. */
export const roundsDone = (r: StepRecord): number => (r.signals?.length ?? 0) - (r.signal ? 1 : 0);

/** The signal a step has to wait for before its next try: none once its round has one, or when waitFor names none. */
export function signalToWaitFor(waitFor: WaitFor | undefined, r: StepRecord, data: SagaData): string | undefined {
  if (!waitFor || r.signal) return undefined;
  const name = waitFor(data);
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/** The oldest signal of this name in the mailbox that no step of the saga has taken yet. */
export function nextSignal(state: SagaState, mailbox: SagaSignal[], name: string): SagaSignal | undefined {
  const taken = new Set(state.steps.flatMap((r) => r.signals ?? []));
  return mailbox
    .filter((s) => s.name === name && !taken.has(s.key))
    .sort((a, b) => a.receivedAt - b.receivedAt || (a.key < b.key ? -1 : 1))[0];
}

/** The step takes the signal: its round runs on it (the key is persisted first, so a retried try gets the same one). */
export function takeSignal(state: SagaState, index: number, key: string, now: number): SagaState {
  const { waiting: _waiting, ...rest } = state;
  const steps = state.steps.map((r, i) => {
    if (i !== index) return r;
    const { failingSince: _since, error: _error, errorCode: _code, business: _business, ...clean } = r;
    return { ...clean, status: 'PENDING' as const, tries: 0, signal: key, signals: [...(r.signals ?? []), key] };
  });
  return { ...rest, status: 'RUNNING', steps, updatedAt: now };
}

/** Nothing in the mailbox: the saga waits at the step (the engine lets its lease go with this write). */
export function waitAt(state: SagaState, index: number, signal: string, now: number): SagaState {
  const steps = state.steps.map((r, i) => (i === index ? { ...r, status: 'WAITING' as const } : r));
  return { ...state, status: 'WAITING', steps, waiting: { step: state.steps[index].id, signal, since: now }, updatedAt: now };
}

/** A signal came: the waiting saga runs again on the oldest signal it waits for. Refused when it does not wait, or for nothing there. */
export const resumeWithSignal =
  (mailbox: SagaSignal[]) =>
  (state: SagaState, now: number): SagaState => {
    const index = state.steps.findIndex((r) => r.id === state.waiting?.step);
    const next = state.status === 'WAITING' && index >= 0 ? nextSignal(state, mailbox, state.waiting!.signal) : undefined;
    if (!next) throw new SagaTransitionError(`saga is ${state.status}, not waiting for a signal it has`, 'SAGA_NOT_WAITING');
    return takeSignal(state, index, next.key, now);
  };

/** The round ended in WaitAgain: its output is kept and the step waits for its next signal. */
export function roundEnded(
  state: SagaState,
  index: number,
  outcome: { output?: Record<string, unknown>; compensateInput?: unknown },
  now: number,
): SagaState {
  const steps = state.steps.map((r, i) => {
    if (i !== index) return r;
    const { signal: _signal, failingSince: _since, ...rest } = r;
    return {
      ...rest,
      status: 'WAITING' as const,
      tries: 0,
      finishedAt: now,
      ...(outcome.output ? { output: { ...r.output, ...outcome.output } } : {}),
      ...(outcome.compensateInput !== undefined ? { compensateInput: outcome.compensateInput } : {}),
    };
  });
  return { ...state, steps, data: { ...state.data, ...outcome.output }, updatedAt: now };
}

/** The idempotency key of a step's round: `<sagaId>:<stepId>` for the first, `#<round>` after it. */
export const roundKey = (sagaId: string, stepId: string, round: number): string =>
  round > 1 ? `${sagaId}:${stepId}#${round}` : `${sagaId}:${stepId}`;
