import { SagaTransitionError, forceCompensation } from './saga.resume';
import { initialState, type SagaState } from './saga.state';
import { beginTry, compensationStack, mayHaveApplied, nextMove, settleTry, shapeOf } from './saga.transitions';
import { keyOf } from './saga.try';
import type { SagaDefinition, SagaSignal } from './saga.types';
import { nextSignal, resumeWithSignal, takeSignal, waitAt } from './saga.wait';

const noop = async () => undefined;
const def: SagaDefinition = {
  type: 'parcel',
  steps: [
    { id: 'label', invoke: noop, compensate: noop },
    { id: 'receive', waitFor: 'parcel.received', invoke: noop, compensate: noop },
    // Waits only when the data asks for it.
    { id: 'inspect', waitFor: (data) => (data.inspect ? 'parcel.inspected' : undefined), invoke: noop },
  ],
};
const shape = shapeOf(def);
const signal = (key: string, receivedAt: number, name = 'parcel.received'): SagaSignal => ({ name, key, data: {}, receivedAt });

/** The label step done: the saga stands before the waiting step. */
function atReceive(data: Record<string, unknown> = {}): SagaState {
  const s = initialState('r1', 'parcel', ['label', 'receive', 'inspect'], data, 1);
  const move = nextMove(s, shape);
  return settleTry(beginTry(s, move, 2), move, { ok: true }, shape, 3).state;
}
/** One round of the receive step on `key`, answered by `outcome`. */
function round(state: SagaState, key: string, outcome: Parameters<typeof settleTry>[2], now = 10): SagaState {
  const taken = takeSignal(state, 1, key, now);
  const move = nextMove(taken, shape);
  expect(move).toEqual({ kind: 'invoke', index: 1 });
  return settleTry(beginTry(taken, move, now), move, outcome, shape, now + 1).state;
}

describe('steps that wait for a signal', () => {
  it('a step with waitFor is reached as a wait for its signal; one whose waitFor names none is invoked at once', () => {
    expect(nextMove(atReceive(), shape)).toEqual({ kind: 'wait', index: 1, signal: 'parcel.received' });
    const received = round(atReceive(), 'k1', { ok: true });
    expect(nextMove(received, shape)).toEqual({ kind: 'invoke', index: 2 });
    expect(nextMove(round(atReceive({ inspect: true }), 'k1', { ok: true }), shape)).toEqual({
      kind: 'wait',
      index: 2,
      signal: 'parcel.inspected',
    });
  });

  it('waiting parks the saga WAITING at the step, and nothing moves it on its own', () => {
    const waiting = waitAt(atReceive(), 1, 'parcel.received', 50);
    expect(waiting).toMatchObject({ status: 'WAITING', waiting: { step: 'receive', signal: 'parcel.received', since: 50 } });
    expect(waiting.steps[1].status).toBe('WAITING');
    expect(nextMove(waiting, shape)).toEqual({ kind: 'idle' });
  });

  it('a signal resumes it on the oldest signal of its name not yet taken; others and taken ones are passed over', () => {
    const waiting = waitAt(round(atReceive(), 'k0', { ok: true, again: true }), 1, 'parcel.received', 50);
    const mailbox = [signal('k2', 30), signal('k0', 5), signal('other', 1, 'parcel.lost'), signal('k1', 20)];
    expect(nextSignal(waiting, mailbox, 'parcel.received')?.key).toBe('k1');
    const resumed = resumeWithSignal(mailbox)(waiting, 60);
    expect(resumed).toMatchObject({ status: 'RUNNING', updatedAt: 60 });
    expect(resumed.waiting).toBeUndefined();
    expect(resumed.steps[1]).toMatchObject({ status: 'PENDING', signal: 'k1', signals: ['k0', 'k1'], tries: 0 });
  });

  it('refuses to resume a saga that is not waiting, or when the mailbox holds nothing for it', () => {
    const waiting = waitAt(atReceive(), 1, 'parcel.received', 50);
    expect(() => resumeWithSignal([signal('x', 1, 'parcel.lost')])(waiting, 60)).toThrow(SagaTransitionError);
    expect(() => resumeWithSignal([signal('k1', 1)])(atReceive(), 60)).toThrow('not waiting');
  });

  it('a round answered WaitAgain keeps its output and waits again; the next round has its own key', () => {
    const first = round(atReceive({ received: 0 }), 'k1', {
      ok: true,
      output: { received: 1 },
      compensateInput: { units: 1 },
      again: true,
    });
    expect(first.steps[1]).toMatchObject({
      status: 'WAITING',
      signals: ['k1'],
      output: { received: 1 },
      compensateInput: { units: 1 },
    });
    expect(first.steps[1].signal).toBeUndefined();
    expect(first.data.received).toBe(1);
    expect(nextMove(first, shape)).toEqual({ kind: 'wait', index: 1, signal: 'parcel.received' });
    // A finished round is something to undo even before the step completes.
    expect(mayHaveApplied(first.steps[1])).toBe(true);
    const second = takeSignal(first, 1, 'k2', 20);
    expect(keyOf(first, { kind: 'invoke', index: 1 }, def)).toBe('r1:receive');
    expect(keyOf(second, { kind: 'invoke', index: 1 }, def)).toBe('r1:receive#2');
    const done = round(first, 'k2', { ok: true, output: { received: 2 }, compensateInput: { units: 2 } }, 20);
    expect(done.steps[1]).toMatchObject({ status: 'DONE', signals: ['k1', 'k2'], signal: 'k2', compensateInput: { units: 2 } });
    expect(done.data.received).toBe(2);
  });

  it('a later round refused still leaves the earlier rounds to undo', () => {
    const first = round(atReceive(), 'k1', { ok: true, again: true });
    const refused = round(first, 'k2', { ok: false, failure: { message: 'no', code: 409, business: true } });
    expect(refused).toMatchObject({ status: 'COMPENSATING', failure: { step: 'receive' } });
    expect(compensationStack(refused, shape)).toEqual([1, 0]);
    // Refused in its first round, the step did nothing.
    const none = round(atReceive(), 'k1', { ok: false, failure: { message: 'no', code: 409, business: true } });
    expect(compensationStack(none, shape)).toEqual([0]);
  });

  it("an operator's compensation of a waiting saga undoes what ran (the waiting step's rounds too) and waits no more", () => {
    const waiting = waitAt(atReceive(), 1, 'parcel.received', 50);
    const forced = forceCompensation(waiting, 70);
    expect(forced).toMatchObject({
      status: 'COMPENSATING',
      failure: { step: 'receive', message: 'compensation forced by an operator' },
    });
    expect(forced.waiting).toBeUndefined();
    expect(forced.steps[1].status).toBe('PENDING');
    expect(compensationStack(forced, shape)).toEqual([0]);
    const afterRound = forceCompensation(
      waitAt(round(atReceive(), 'k1', { ok: true, again: true }), 1, 'parcel.received', 50),
      70,
    );
    expect(compensationStack(afterRound, shape)).toEqual([1, 0]);
  });
});
