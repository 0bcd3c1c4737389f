import type { Attempted, SagaDoc, SagaStatus } from './saga.state';

/** What operators see of a saga: every step with timings, attempts and errors; secrets in its data masked. */

export type AttemptView = Omit<Attempted, 'tries'> & { durationMs?: number };
export type StepView = AttemptView & {
  id: string;
  output?: unknown;
  compensateInput?: unknown;
  compensation?: AttemptView;
  /** Keys of the signals a waiting step took, one per round. */
  signals?: string[];
};

export interface SagaSummary {
  id: string;
  type: string;
  status: SagaStatus;
  /** The step in progress or stopped at (forward or compensating). */
  currentStep?: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  failure?: string;
  parkedReason?: string;
  /** While WAITING: the step, the signal it waits for, and since when. */
  waiting?: SagaDoc['waiting'];
}

export interface SagaView extends SagaSummary {
  data: unknown;
  steps: StepView[];
  onFailure?: AttemptView;
  failureDetail?: SagaDoc['failure'];
  parked?: SagaDoc['parked'];
  leaseOwner?: string;
  leaseUntil: number;
}

const SECRET_KEY = /token|password|secret|card|cvc|cvv/i;

/** Deep copy with secret-looking keys masked: payment tokens travel in saga data, operators need not see them. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]));
}

function attemptView(a: Attempted): AttemptView {
  const { tries: _tries, ...rest } = a;
  return { ...rest, ...(a.startedAt && a.finishedAt ? { durationMs: a.finishedAt - a.startedAt } : {}) };
}

function currentStep(doc: SagaDoc): string | undefined {
  if (doc.status === 'WAITING') return doc.waiting?.step;
  if (doc.status === 'COMPENSATING' || doc.parked?.phase === 'COMPENSATING') {
    const comp = doc.steps.find((s) => s.compensation && s.compensation.status !== 'DONE');
    return comp ? `${comp.id}:compensate` : doc.finalizer && doc.finalizer.status !== 'DONE' ? 'on-failure' : undefined;
  }
  return doc.steps.find((s) => s.status === 'RUNNING' || s.status === 'FAILED')?.id;
}

export function sagaSummary(doc: SagaDoc): SagaSummary {
  return {
    id: doc.id,
    type: doc.type,
    status: doc.status,
    currentStep: currentStep(doc),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    finishedAt: doc.finishedAt,
    failure: doc.failure ? `${doc.failure.step}: ${doc.failure.message}` : undefined,
    parkedReason: doc.parked?.reason,
    ...(doc.waiting ? { waiting: doc.waiting } : {}),
  };
}

export function sagaView(doc: SagaDoc): SagaView {
  return {
    ...sagaSummary(doc),
    data: redact(doc.data),
    steps: doc.steps.map((s) => ({
      ...attemptView(s),
      id: s.id,
      ...(s.output ? { output: redact(s.output) } : {}),
      // What the compensation will be told it has to undo.
      ...(s.compensateInput !== undefined ? { compensateInput: redact(s.compensateInput) } : {}),
      ...(s.compensation ? { compensation: attemptView(s.compensation) } : {}),
      ...(s.signals ? { signals: s.signals } : {}),
    })),
    ...(doc.finalizer ? { onFailure: attemptView(doc.finalizer) } : {}),
    failureDetail: doc.failure,
    parked: doc.parked,
    leaseOwner: doc.leaseOwner,
    leaseUntil: doc.leaseUntil,
  };
}
