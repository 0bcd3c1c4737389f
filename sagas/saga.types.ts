/**
 * The saga vocabulary: definitions (ordered steps, each an action plus its compensation) and the
 * context a step runs in. Pure types: no Moleculer, no store.
 */

export type SagaData = Record<string, unknown>;

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; each later wait doubles. */
  backoffMs: number;
  /** Past the tries, retryable failures go on being tried until this long after the first one failed. */
  budgetMs?: number;
}

export interface StepContext<D extends SagaData = SagaData> {
  sagaId: string;
  type: string;
  /** The saga's input merged with every earlier step's output. */
  data: Readonly<D>;
  /** 1 for the first try of this step (or compensation); counts on across resumes. */
  attempt: number;
  /**
   * A participant call as the platform (system principal) carrying the idempotency key
   * `<sagaId>:<stepId>` (`:compensate` for compensations) and the time left before the deadline.
   */
  call<T = unknown>(action: string, params: Record<string, unknown>): Promise<T>;
  /** Fails the step as a business outcome: never retried, compensation starts at once. */
  fail(message: string, reason?: string): never;
  /** The signal this round of a waiting step (SagaStep.waitFor) runs on; absent for other steps. */
  signal?: SagaSignal;
}

/** Something from outside a saga that a waiting step runs on (a parcel received), kept once per `key`. */
export type SagaSignal = {
  name: string;
  /** The sender's idempotency key: a second signal with it is the same signal. */
  key: string;
  data: SagaData;
  receivedAt: number;
};

/**
 * A waiting step's answer when its signal was not the last one it needs (a partial receipt): this
 * round's output is merged into `data`, its compensateInput replaces the step's, and the saga waits
 * again for the next signal of the step's name, which runs a new round under the key
 * `<sagaId>:<stepId>#<round>`.
 */
export class WaitAgain<O = Record<string, unknown>, C = unknown> {
  constructor(
    readonly output?: O,
    readonly compensateInput?: C,
  ) {}
}

/**
 * A step's answer when its compensation needs to know what to undo (as Medusa's StepResponse):
 * `output` is merged into `data`, `compensateInput` is kept with the step's record and handed to
 * its compensation. Only a step that completed has one.
 */
export class StepResponse<O, C> {
  constructor(
    readonly output: O | undefined,
    readonly compensateInput: C,
  ) {}
}

export interface CompensationContext<D extends SagaData = SagaData, C = unknown> extends StepContext<D> {
  /**
   * What the step said it did. Absent when the step never completed but may have half-happened (a
   * try timed out or its answer was lost): then the compensation asks the participant, whose
   * record of the step is keyed by `stepKey`; an outage there is never "nothing to undo".
   */
  compensateInput?: C;
  /** The idempotency key the step's own calls carried (`<sagaId>:<stepId>`). */
  stepKey: string;
  /** Every key the step's calls carried, one per round of a step that waited again ([stepKey] otherwise). */
  stepKeys: string[];
}

/** A function of the saga's data, checked bivariantly like a method, so a SagaDefinition<D> is still a SagaDefinition. */
type ReadsData<D, R> = { read(data: Readonly<D>): R }['read'];

export interface SagaStep<D extends SagaData = SagaData, C = unknown> {
  id: string;
  /** Returns what later steps need to know (merged into `data`), or a StepResponse with what to undo. */
  invoke(ctx: StepContext<D>): Promise<Partial<D> | StepResponse<Partial<D>, C> | WaitAgain<Partial<D>, C> | void>;
  /**
   * Undoes the step. Runs only for a step that completed or may have half-happened (never for one
   * refused or never tried); see CompensationContext for what it is told.
   */
  compensate?(ctx: CompensationContext<D, C>): Promise<void>;
  /** Per try; past it the try counts as a retryable failure. */
  deadlineMs?: number;
  /** Retryable failures (5xx, timeouts) are tried again by this policy; business failures never are. */
  retry?: RetryPolicy;
  /**
   * Retryable failures are tried again until this time (epoch ms, from the saga's data) even past
   * the policy: a step past the point of payment waits for its participant rather than refund.
   */
  waitsUntil?(data: Readonly<D>): number | undefined;
  /**
   * The signal the step waits for (a name, or one read from the data; undefined: no wait). The saga
   * is parked WAITING with no lease until `sagas.signal` delivers it (or finds it already in the
   * saga's mailbox); `invoke` then runs with `ctx.signal`, and may answer WaitAgain.
   */
  waitFor?: string | ReadsData<D, string | undefined>;
  /** A failure is recorded and the saga goes on (notifications). */
  bestEffort?: boolean;
  /**
   * Past the point of no return (a refund after a cancellation): a failure parks the saga for an
   * operator instead of compensating, since nothing before it can be undone.
   */
  mustComplete?: boolean;
}

export interface FailureContext<D extends SagaData = SagaData> extends StepContext<D> {
  /** The step whose failure turned the saga (or `operator` for a forced compensation). */
  failedStep: string;
  failure: FailureInfo;
}

export interface SagaDefinition<D extends SagaData = SagaData> {
  type: string;
  steps: SagaStep<D>[];
  /**
   * Runs once after every compensation: the saga's terminal outcome (reject or cancel the order).
   * Retried and parked like a compensation; its calls carry the key `<sagaId>:on-failure`.
   */
  onFailure?(ctx: FailureContext<D>): Promise<void>;
  /** Default: 5 tries doubling from 200 ms and the engine's retry budget, then NEEDS_ATTENTION. */
  compensationRetry?: RetryPolicy;
}

/** How a failed try is classified and remembered. */
export interface FailureInfo {
  message: string;
  code?: number;
  type?: string;
  /** A refusal by the participant (4xx, not retryable): the step did not happen. Anything else is retried. */
  business: boolean;
  /** The participant could not be reached or did not answer (see mixins/outage.ts). */
  outage?: boolean;
  /** The service the failing call went to, when it was an outage: the resumer waits for it. */
  service?: string;
}
