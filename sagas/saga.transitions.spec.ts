import { initialState, type SagaState } from './saga.state';
import {
  beginTry,
  compensationStack,
  mayHaveApplied,
  nextMove,
  settleTry,
  type Move,
  type Outcome,
  type SagaShape,
} from './saga.transitions';
import { forceCompensation, retryParked } from './saga.resume';

const step = (id: string, extra: Partial<SagaShape['steps'][number]> = {}) => ({
  id,
  compensable: true,
  retry: { attempts: 1, backoffMs: 0 },
  bestEffort: false,
  mustComplete: false,
  ...extra,
});
const shape = (steps: SagaShape['steps'], hasFinalizer = false): SagaShape => ({
  steps,
  hasFinalizer,
  compensationRetry: { attempts: 5, backoffMs: 200 },
});
const abc = shape([step('a'), step('b'), step('c')], true);
const start = (s: SagaShape = abc) =>
  initialState(
    'saga-1',
    'test',
    s.steps.map((x) => x.id),
    { n: 0 },
    1,
  );
const ok = (output?: Record<string, unknown>): Outcome => ({ ok: true, output });
const refused: Outcome = { ok: false, failure: { message: 'no', code: 409, type: 'NOPE', business: true } };
const broken: Outcome = { ok: false, failure: { message: 'down', code: 503, business: false } };

/** Plays one try of whatever comes next with `outcome`; returns the settled state, the move and the retry delay. */
function play(state: SagaState, s: SagaShape, outcome: Outcome, now = 10) {
  const move = nextMove(state, s);
  const settled = settleTry(beginTry(state, move, now), move, outcome, s, now + 1);
  return { ...settled, move };
}
/** Plays until the saga needs a failing outcome or ends; `fails` says which moves fail and how. */
function run(state: SagaState, s: SagaShape, fails: (m: Move) => Outcome | undefined) {
  const moves: string[] = [];
  for (let i = 0; i < 50; i++) {
    const move = nextMove(state, s);
    if (move.kind === 'idle') break;
    moves.push(
      move.kind === 'invoke' || move.kind === 'compensate'
        ? `${move.kind}:${s.steps[move.index].id}`
        : move.kind === 'finish'
          ? `finish:${move.status}`
          : move.kind,
    );
    state = play(state, s, fails(move) ?? ok()).state;
    if (move.kind === 'finish') break;
  }
  return { state, moves };
}

describe('saga transitions', () => {
  it('runs the steps in order, merging each output into the data, and completes', () => {
    const { state, moves } = run(start(), abc, (m) =>
      m.kind === 'invoke' ? ok({ [`out${m.index}`]: m.index, n: m.index }) : undefined,
    );
    expect(state.data).toEqual({ n: 2, out0: 0, out1: 1, out2: 2 });
    expect(state.steps[1].output).toEqual({ out1: 1, n: 1 });
    expect(moves).toEqual(['invoke:a', 'invoke:b', 'invoke:c', 'finish:COMPLETED']);
    expect(state.status).toBe('COMPLETED');
    expect(state.finishedAt).toBe(11);
    expect(state.steps.map((r) => [r.status, r.attempts, r.startedAt, r.finishedAt])).toEqual([
      ['DONE', 1, 10, 11],
      ['DONE', 1, 10, 11],
      ['DONE', 1, 10, 11],
    ]);
  });

  it('a business failure in step 3 compensates 2 then 1 (never 3, which did not happen), then the on-failure action', () => {
    const { state, moves } = run(start(), abc, (m) => (m.kind === 'invoke' && m.index === 2 ? refused : undefined));
    expect(moves).toEqual(['invoke:a', 'invoke:b', 'invoke:c', 'compensate:b', 'compensate:a', 'finalize', 'finish:COMPENSATED']);
    expect(state.failure).toMatchObject({ step: 'c', message: 'no', code: 409, type: 'NOPE', business: true });
    expect(state.steps[2]).toMatchObject({ status: 'FAILED', business: true, attempts: 1 });
    expect(state.steps[2].compensation).toBeUndefined();
    expect(state.finalizer).toMatchObject({ status: 'DONE', attempts: 1 });
  });

  it('retries a retryable failure with doubling backoff, and compensates the step itself once retries run out', () => {
    const s = shape([step('a'), step('b', { retry: { attempts: 3, backoffMs: 100 } })]);
    let state = play(start(s), s, ok()).state;
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const r = play(state, s, broken);
      expect(r.move).toEqual({ kind: 'invoke', index: 1 });
      delays.push(r.retryInMs);
      state = r.state;
    }
    expect(delays).toEqual([100, 200, undefined]);
    expect(state.status).toBe('COMPENSATING');
    expect(state.steps[1]).toMatchObject({ status: 'FAILED', attempts: 3, error: 'down', business: false });
    // It may have applied before timing out: undone too, last-in first-out.
    expect(compensationStack(state, s)).toEqual([1, 0]);
  });

  it('a retryable failure that then succeeds keeps going, the attempts remembered', () => {
    const s = shape([step('a', { retry: { attempts: 3, backoffMs: 10 } })]);
    const first = play(start(s), s, broken);
    const second = play(first.state, s, ok());
    expect(second.state.steps[0]).toMatchObject({ status: 'DONE', attempts: 2, error: 'down' });
    expect(nextMove(second.state, s)).toEqual({ kind: 'finish', status: 'COMPLETED' });
  });

  it('a compensation that keeps failing is retried with backoff from 200 ms, then parked; an operator retry resumes it', () => {
    const state = run(start(), abc, (m) =>
      m.kind === 'invoke' && m.index === 2 ? refused : m.kind === 'compensate' ? broken : undefined,
    ).state;
    expect(state.status).toBe('NEEDS_ATTENTION');
    expect(state.parked).toMatchObject({ phase: 'COMPENSATING', reason: 'b compensation: down' });
    expect(state.steps[1].compensation).toMatchObject({ status: 'FAILED', attempts: 5 });
    const delays = [];
    let probe = start();
    for (const o of [ok(), ok(), refused]) probe = play(probe, abc, o).state;
    for (let i = 0; i < 5; i++) {
      const r = play(probe, abc, broken);
      delays.push(r.retryInMs);
      probe = r.state;
    }
    expect(delays).toEqual([200, 400, 800, 1600, undefined]);
    expect(nextMove(state, abc)).toEqual({ kind: 'idle' });

    const retried = retryParked(state, 99);
    expect(retried.status).toBe('COMPENSATING');
    expect(retried.parked).toBeUndefined();
    expect(retried.steps[1].compensation).toMatchObject({ status: 'PENDING', attempts: 5, tries: 0 });
    const done = run(retried, abc, () => undefined);
    expect(done.moves).toEqual(['compensate:b', 'compensate:a', 'finalize', 'finish:COMPENSATED']);
    expect(done.state.steps[1].compensation).toMatchObject({ status: 'DONE', attempts: 6 });
  });

  it('a failing finalizer parks like a compensation', () => {
    const { state } = run(start(), abc, (m) =>
      m.kind === 'invoke' && m.index === 0 ? refused : m.kind === 'finalize' ? broken : undefined,
    );
    expect(state.status).toBe('NEEDS_ATTENTION');
    expect(state.parked?.reason).toBe('on-failure: down');
  });

  it('a best-effort step that fails is skipped; a must-complete one parks the saga going forward, and a retry re-runs it', () => {
    const s = shape([
      step('pay'),
      step('notify', { bestEffort: true }),
      step('refund', { mustComplete: true, compensable: false }),
    ]);
    const { state, moves } = run(start(s), s, (m) => (m.kind === 'invoke' && m.index > 0 ? broken : undefined));
    expect(moves).toEqual(['invoke:pay', 'invoke:notify', 'invoke:refund']);
    expect(state.steps.map((r) => r.status)).toEqual(['DONE', 'SKIPPED', 'FAILED']);
    expect(state).toMatchObject({ status: 'NEEDS_ATTENTION', parked: { phase: 'RUNNING', reason: 'refund: down' } });
    const again = run(retryParked(state, 50), s, () => undefined);
    expect(again.moves).toEqual(['invoke:refund', 'finish:COMPLETED']);
    expect(again.state.steps[2]).toMatchObject({ status: 'DONE', attempts: 2 });
  });

  it('a crash mid-try leaves the step RUNNING: the next driver tries the same step again', () => {
    let state = play(start(), abc, ok()).state;
    state = beginTry(state, nextMove(state, abc), 20);
    expect(state.steps[1]).toMatchObject({ status: 'RUNNING', attempts: 1 });
    expect(nextMove(state, abc)).toEqual({ kind: 'invoke', index: 1 });
    expect(play(state, abc, ok()).state.steps[1]).toMatchObject({ status: 'DONE', attempts: 2, startedAt: 20 });
  });

  it('an operator can force compensation of a running or parked saga, but not of an ended one', () => {
    let state = play(start(), abc, ok()).state;
    state = beginTry(state, nextMove(state, abc), 20);
    const forced = forceCompensation(state, 30);
    expect(forced).toMatchObject({
      status: 'COMPENSATING',
      failure: { step: 'b', message: 'compensation forced by an operator' },
    });
    // b was in flight: it may have applied.
    expect(compensationStack(forced, abc)).toEqual([1, 0]);
    const ended = run(start(), abc, () => undefined).state;
    expect(() => forceCompensation(ended, 1)).toThrow(expect.objectContaining({ reason: 'SAGA_FINISHED' }));
    expect(() => retryParked(state, 1)).toThrow(expect.objectContaining({ reason: 'SAGA_NOT_PARKED' }));
  });

  it('only steps that may have applied and have a compensation are undone', () => {
    const s = shape([step('a'), step('b', { compensable: false }), step('c'), step('d')]);
    const state = start(s);
    state.steps[0] = { ...state.steps[0], status: 'DONE', attempts: 1 };
    state.steps[1] = { ...state.steps[1], status: 'DONE', attempts: 1 };
    state.steps[2] = { ...state.steps[2], status: 'FAILED', attempts: 1, business: true };
    expect(compensationStack(state, s)).toEqual([0]);
    expect(mayHaveApplied({ id: 'x', status: 'RUNNING', attempts: 0, tries: 0 })).toBe(false);
    expect(mayHaveApplied({ id: 'x', status: 'RUNNING', attempts: 1, tries: 1 })).toBe(true);
    expect(mayHaveApplied({ id: 'x', status: 'FAILED', attempts: 2, tries: 2, business: false })).toBe(true);
    expect(mayHaveApplied({ id: 'x', status: 'PENDING', attempts: 0, tries: 0 })).toBe(false);
  });
});
