import { SagaEngine } from '../saga.engine';
import { SagaBusinessError } from '../saga.errors';
import type { SagaDoc } from '../saga.state';
import type { CompensationContext, SagaData, SagaDefinition } from '../saga.types';
import { MemoryRepository } from './memory.repository';

export type Answer = (params: Record<string, unknown>, n: number) => unknown;
export interface Seen {
  action: string;
  params: Record<string, unknown>;
  key: string;
}

/** An error as a participant answers it over the broker: status, type, and whether to try again. */
export const refusal = (code: number, type: string, retryable = false) =>
  Object.assign(new Error(type), { code, type, retryable });

/** Moleculer's answer when no node serves the action, as it crosses the transporter: code 404, yet an outage. */
export const unavailable = (action: string) =>
  Object.assign(new Error(`Service '${action}' is not available.`), {
    code: 404,
    type: 'SERVICE_NOT_AVAILABLE',
    retryable: true,
  });

/**
 * A context for one step's unit tests: records calls, answers from `answers` ({} by default). As a
 * compensation's context it carries `compensateInput` when given (the step completed), none otherwise.
 */
export function fakeContext<D extends SagaData>(data: D, answers: Record<string, Answer> = {}, compensateInput?: unknown) {
  const calls: { action: string; params: Record<string, unknown> }[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each step types its own compensateInput
  const ctx: CompensationContext<D, any> = {
    sagaId: 'saga-1',
    type: 'test',
    stepKey: 'saga-1:step',
    stepKeys: ['saga-1:step'],
    ...(compensateInput === undefined ? {} : { compensateInput }),
    data,
    attempt: 1,
    call: async <T>(action: string, params: Record<string, unknown>) => {
      calls.push({ action, params });
      return (answers[action]?.(params, calls.length) ?? {}) as T;
    },
    fail(message: string, reason?: string): never {
      throw new SagaBusinessError(message, reason);
    },
  };
  return { ctx, calls };
}

/**
 * A saga run end to end by the real engine on an in-memory repository, against participants that
 * answer from a script (per action; `n` counts calls of the same idempotency key).
 */
export async function runSaga(
  def: SagaDefinition,
  data: SagaData,
  script: Record<string, Answer> = {},
  opts: { retryBudgetMs?: number } = {},
) {
  const repo = new MemoryRepository();
  const seen: Seen[] = [];
  const perKey = new Map<string, number>();
  const engine = new SagaEngine({
    repo,
    owner: 'test',
    leaseMs: 5_000,
    defaultDeadlineMs: 1_000,
    retryBudgetMs: opts.retryBudgetMs,
    log: { info: () => undefined, warn: () => undefined },
    call: async (action, params, { idempotencyKey }) => {
      seen.push({ action, params, key: idempotencyKey });
      const n = (perKey.get(idempotencyKey) ?? 0) + 1;
      perKey.set(idempotencyKey, n);
      return script[action] ? script[action](params, n) : {};
    },
  });
  engine.define(def);
  await engine.start(def.type, 'saga-1', data);
  const end = Date.now() + 10_000;
  let doc: SagaDoc | null = null;
  while (Date.now() < end) {
    doc = await repo.get('saga-1');
    if (doc && ['COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION'].includes(doc.status)) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  await engine.stop(1_000);
  return { doc: doc!, seen, actions: seen.map((s) => s.action) };
}

/** The definition with every retry policy shortened, so tests of exhausted retries run fast. */
export function quick<D extends SagaData>(def: SagaDefinition<D>): SagaDefinition<D> {
  return {
    ...def,
    compensationRetry: { attempts: 3, backoffMs: 1 },
    steps: def.steps.map((s) => ({ ...s, retry: s.retry && { attempts: s.retry.attempts, backoffMs: 1 } })),
  };
}
