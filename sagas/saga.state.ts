import type { FailureInfo, SagaData } from './saga.types';

/** The persisted shape of one saga: what the coordinator writes before and after every step. */

export type SagaStatus = 'RUNNING' | 'COMPENSATING' | 'WAITING' | 'COMPLETED' | 'COMPENSATED' | 'NEEDS_ATTENTION';
/** Nothing advances these on its own; NEEDS_ATTENTION waits for an operator's retry or compensate. */
export const TERMINAL_STATUSES: readonly SagaStatus[] = ['COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION'];
/** Statuses a coordinator drives, and the resumer takes over when their lease lapses. */
export const ACTIVE_STATUSES: readonly SagaStatus[] = ['RUNNING', 'COMPENSATING'];
/**
 * WAITING: parked at a step until a signal comes (SagaStep.waitFor). No lease, no timer: only
 * `sagas.signal` (or an operator's compensate) moves it, whichever coordinator receives it.
 */
export const SAGA_STATUSES: readonly SagaStatus[] = [...ACTIVE_STATUSES, 'WAITING', ...TERMINAL_STATUSES];

/**
 * PENDING: not tried. RUNNING: a try began (and may have reached the participant). DONE: it answered.
 * FAILED: gave up on it. SKIPPED: a best-effort step that failed and was passed over. WAITING: the
 * saga waits at this step for its signal (its earlier rounds, if any, are done).
 */
export type StepStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'SKIPPED' | 'WAITING';

export type Attempted = {
  status: StepStatus;
  /** Every try so far (shown to operators). */
  attempts: number;
  /** Tries since the last operator retry: what the retry policy counts. */
  tries: number;
  startedAt?: number;
  finishedAt?: number;
  /** When the first of the current run of failed tries ended: time budgets count from it. */
  failingSince?: number;
  /** The latest try's error. */
  error?: string;
  errorCode?: number;
  business?: boolean;
};

export type StepRecord = Attempted & {
  id: string;
  output?: Record<string, unknown>;
  /** The step's StepResponse.compensateInput, persisted for its compensation (see saga.types.ts). */
  compensateInput?: unknown;
  compensation?: Attempted;
  /** A waiting step's signals taken from the mailbox, by key, in order: one per round. */
  signals?: string[];
  /** The key of the signal the current round runs on; cleared when the round ends in WaitAgain. */
  signal?: string;
};

export type SagaFailure = { step: string; at: number } & FailureInfo;

export type SagaState = {
  id: string;
  type: string;
  status: SagaStatus;
  data: SagaData;
  steps: StepRecord[];
  /** The terminal-outcome action (definition's onFailure) once compensation reaches it. */
  finalizer?: Attempted;
  /** Why the saga turned to compensation. */
  failure?: SagaFailure;
  /**
   * Why and from which phase it was parked; `waitingFor` names the service whose outage parked it
   * (the coordinator resumes it once that service is back).
   */
  parked?: { phase: 'RUNNING' | 'COMPENSATING'; reason: string; at: number; waitingFor?: string };
  /** While WAITING: the step and the signal it waits for, since when. */
  waiting?: { step: string; signal: string; since: number };
  /** How many times the coordinator resumed it on its own after an outage. */
  autoResumes?: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
};

/** The stored document: the state plus who drives it until when, and the store's version. */
export type SagaDoc = SagaState & {
  leaseOwner?: string;
  /** Epoch ms; past it any coordinator may take the saga over. */
  leaseUntil: number;
  version?: number;
};

export const isTerminal = (s: SagaStatus) => TERMINAL_STATUSES.includes(s);

export function initialState(id: string, type: string, stepIds: string[], data: SagaData, now: number): SagaState {
  return {
    id,
    type,
    status: 'RUNNING',
    data,
    steps: stepIds.map((stepId) => ({ id: stepId, status: 'PENDING', attempts: 0, tries: 0 })),
    createdAt: now,
    updatedAt: now,
  };
}
