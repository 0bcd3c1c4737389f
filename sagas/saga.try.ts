import { serviceOf } from '../mixins/outage';
import { SagaBusinessError, classify, withDeadline } from './saga.errors';
import type { SagaState } from './saga.state';
import type { Move, Outcome } from './saga.transitions';
import { roundKey } from './saga.wait';
import {
  StepResponse,
  WaitAgain,
  type CompensationContext,
  type SagaData,
  type SagaDefinition,
  type SagaSignal,
  type StepContext,
} from './saga.types';

/** A participant call as the engine makes it; the coordinator turns it into a broker call. */
export type SagaCaller = (
  action: string,
  params: Record<string, unknown>,
  opts: { sagaId: string; idempotencyKey: string; timeoutMs: number },
) => Promise<unknown>;

/** The idempotency key of a move's participant calls: the same on every try and after any resume (per round, for a waiting step). */
export function keyOf(state: SagaState, move: Move, def: SagaDefinition): string {
  if (move.kind === 'invoke') return roundKey(state.id, def.steps[move.index].id, state.steps[move.index].signals?.length ?? 1);
  if (move.kind === 'compensate') return `${state.id}:${def.steps[move.index].id}:compensate`;
  return `${state.id}:on-failure`;
}

/**
 * One try of a step, a compensation or the on-failure action, bounded by its deadline; never throws.
 * `signal`: the one a waiting step's round runs on.
 */
export async function runTry(
  move: Move,
  state: SagaState,
  def: SagaDefinition,
  call: SagaCaller,
  defaultDeadlineMs: number,
  now: () => number = Date.now,
  signal?: SagaSignal,
): Promise<Outcome> {
  if (move.kind !== 'invoke' && move.kind !== 'compensate' && move.kind !== 'finalize') return { ok: true };
  const step = move.kind === 'finalize' ? undefined : def.steps[move.index];
  const record =
    move.kind === 'finalize'
      ? state.finalizer
      : move.kind === 'compensate'
        ? state.steps[move.index].compensation
        : state.steps[move.index];
  const key = keyOf(state, move, def);
  const deadlineMs = step?.deadlineMs ?? defaultDeadlineMs;
  const begun = now();
  let lastAction: string | undefined;
  const ctx: StepContext<SagaData> = {
    sagaId: state.id,
    type: state.type,
    data: state.data,
    attempt: record?.attempts || 1,
    call: <T>(action: string, params: Record<string, unknown>) => {
      lastAction = action;
      return call(action, params, {
        sagaId: state.id,
        idempotencyKey: key,
        timeoutMs: Math.max(1, deadlineMs - (now() - begun)),
      }) as Promise<T>;
    },
    fail(message: string, reason?: string): never {
      throw new SagaBusinessError(message, reason);
    },
    ...(signal ? { signal } : {}),
  };
  try {
    let work: Promise<unknown>;
    if (move.kind === 'invoke') work = step!.invoke(ctx);
    else if (move.kind === 'compensate') work = step!.compensate!(compensationContext(ctx, state, move.index, def));
    else work = def.onFailure!({ ...ctx, failedStep: state.failure?.step ?? 'operator', failure: state.failure! });
    const output = await withDeadline(work, deadlineMs, key.slice(state.id.length + 1));
    if (move.kind !== 'invoke' || !output) return { ok: true };
    if (output instanceof WaitAgain) {
      // Only a round that ran on a signal can wait for the next one.
      if (!signal) throw new SagaBusinessError(`${step!.id} answered WaitAgain without waiting for a signal`, 'SAGA_NOT_WAITING');
      return {
        ok: true,
        output: output.output as Record<string, unknown> | undefined,
        compensateInput: output.compensateInput,
        again: true,
      };
    }
    if (output instanceof StepResponse)
      return { ok: true, output: output.output as Record<string, unknown> | undefined, compensateInput: output.compensateInput };
    return { ok: true, output: output as Record<string, unknown> };
  } catch (err) {
    const failure = classify(err);
    // The service the saga waits for: the one the try was calling when it went unanswered.
    if (failure.outage && lastAction) failure.service = serviceOf(lastAction);
    return { ok: false, failure };
  }
}

function compensationContext(ctx: StepContext, state: SagaState, index: number, def: SagaDefinition): CompensationContext {
  const { compensateInput, signals } = state.steps[index];
  const stepKeys = Array.from({ length: Math.max(1, signals?.length ?? 0) }, (_, i) =>
    roundKey(state.id, def.steps[index].id, i + 1),
  );
  const keys = { stepKey: stepKeys[0], stepKeys };
  return compensateInput === undefined ? { ...ctx, ...keys } : { ...ctx, ...keys, compensateInput };
}
