import { isOutage } from '../mixins/outage';
import type { FailureInfo } from './saga.types';

/** A step's own verdict that the saga cannot go on (StepContext.fail): compensation starts, no retry. */
export class SagaBusinessError extends Error {
  constructor(
    message: string,
    readonly reason = 'SAGA_STEP_REFUSED',
  ) {
    super(message);
    this.name = 'SagaBusinessError';
  }
}

/** A try that outlived its step's deadline; retryable, since the participant may just be slow. */
export class StepDeadlineError extends Error {
  readonly code = 504;
  readonly type = 'STEP_DEADLINE';
  readonly retryable = true;
  constructor(what: string, ms: number) {
    super(`${what} exceeded its ${ms} ms deadline`);
    this.name = 'StepDeadlineError';
  }
}

/** Someone else advanced the saga (another coordinator took it, or an operator acted): stop driving it. */
export class StaleSagaError extends Error {
  constructor(id: string) {
    super(`saga ${id} was changed by someone else`);
    this.name = 'StaleSagaError';
  }
}

/** A signal's key was already used for a signal of another name: the sender mixed up its keys. */
export class SignalKeyReusedError extends Error {
  constructor(key: string, kept: string) {
    super(`signal key ${key} was already used for a ${kept} signal`);
    this.name = 'SignalKeyReusedError';
  }
}

export class SagaNotFoundError extends Error {
  constructor(id: string) {
    super(`saga ${id} not found`);
    this.name = 'SagaNotFoundError';
  }
}

export class UnknownSagaTypeError extends Error {
  constructor(readonly sagaType: string) {
    super(`no saga of type ${sagaType} is defined`);
    this.name = 'UnknownSagaTypeError';
  }
}

const MAX_MESSAGE = 500;

/**
 * Business failures are refusals (4xx that are not marked retryable, or StepContext.fail): the step
 * did not happen and trying again would not change the answer. Outages (no node serves the action,
 * no answer in time) are never refusals whatever their code. Everything else (5xx, unexpected
 * exceptions) is retried by the step's policy.
 */
export function classify(err: unknown): FailureInfo {
  const e = (err ?? {}) as { message?: unknown; code?: unknown; type?: unknown; retryable?: unknown; reason?: unknown };
  const message = String(e.message ?? err).slice(0, MAX_MESSAGE);
  if (err instanceof SagaBusinessError) return { message, type: err.reason, business: true };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const type = typeof e.type === 'string' ? e.type : undefined;
  if (isOutage(err)) return { message, code, type, business: false, outage: true };
  return { message, code, type, business: e.retryable !== true && code !== undefined && code < 500 };
}

/**
 * True when a participant answered with this status (and, if given, one of these error types).
 * An outage is never a refusal, even though Moleculer gives "service not available" code 404.
 */
export function refusedWith(err: unknown, code: number, types?: string[]): boolean {
  const e = err as { code?: unknown; type?: unknown };
  return e?.code === code && !isOutage(err) && (!types || types.includes(String(e.type)));
}

/** Rejects with StepDeadlineError past `ms`; the abandoned work's own outcome is swallowed. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepDeadlineError(what, ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
