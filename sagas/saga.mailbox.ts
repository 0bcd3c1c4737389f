import { SagaNotFoundError, SignalKeyReusedError, StaleSagaError } from './saga.errors';
import type { SagaLease } from './saga.lease';
import type { SagaRepository } from './saga.repository';
import { SagaTransitionError } from './saga.resume';
import type { SagaDoc, SagaState } from './saga.state';
import type { Move } from './saga.transitions';
import type { SagaSignal } from './saga.types';
import { nextSignal, resumeWithSignal, takeSignal, waitAt } from './saga.wait';

type TakeOver = (id: string, change: (s: SagaState, now: number) => SagaState) => Promise<SagaDoc>;

export interface Delivery {
  /** The saga after the signal: RUNNING again if it was waiting for it. */
  saga: SagaDoc;
  /** The key was delivered before: nothing new was kept. */
  duplicate: boolean;
}

/** A saga that may still reach a waiting step; signals for any other are refused (unless repeated). */
const mayWait = (doc: SagaDoc) =>
  doc.status === 'RUNNING' || doc.status === 'WAITING' || (doc.status === 'NEEDS_ATTENTION' && doc.parked?.phase === 'RUNNING');

/**
 * Signals for sagas, kept in each saga's mailbox apart from the saga itself: a signal that comes
 * early waits there for its step, one that comes while the saga waits resumes it. Whoever resumes
 * a waiting saga does it with one conditional write on the version it read (takeOver), so of any
 * number of racing signals, and the driver's own look after parking, exactly one resumes it.
 */
export class SagaMailbox {
  constructor(
    private readonly repo: SagaRepository,
    private readonly takeOver: TakeOver,
    private readonly now: () => number,
  ) {}

  async deliver(sagaId: string, signal: SagaSignal): Promise<Delivery> {
    const doc = await this.repo.get(sagaId);
    if (!doc) throw new SagaNotFoundError(sagaId);
    if (!mayWait(doc)) {
      const kept = (await this.repo.signals(sagaId)).find((s) => s.key === signal.key);
      if (kept?.name === signal.name) return { saga: doc, duplicate: true };
      throw new SagaTransitionError(`saga is ${doc.status}: it waits for no signal`, 'SAGA_NOT_WAITING');
    }
    const { signal: kept, created } = await this.repo.addSignal(sagaId, signal);
    if (kept.name !== signal.name) throw new SignalKeyReusedError(signal.key, kept.name);
    // Also for a repeated key: the first delivery may have stopped between keeping the signal and waking the saga.
    return { saga: (await this.wake(sagaId)) ?? doc, duplicate: !created };
  }

  /** Resumes the saga if it waits for a signal its mailbox holds; answers the saga as it is now. */
  async wake(sagaId: string): Promise<SagaDoc | null> {
    // Read before the saga: signals only accumulate, so any the saga's state has taken are in it.
    const mailbox = await this.repo.signals(sagaId);
    try {
      return await this.takeOver(sagaId, resumeWithSignal(mailbox));
    } catch (err) {
      // Not waiting (any more), or another signal's delivery resumed it first.
      if (err instanceof SagaTransitionError || err instanceof StaleSagaError) return this.repo.get(sagaId);
      throw err;
    }
  }

  /**
   * The driver reached a step that waits for a signal: takes one already in the mailbox, or parks
   * the saga WAITING and lets its lease go. True when it parked (the driver stops).
   */
  async reach(lease: SagaLease, move: { index: number; signal: string }): Promise<boolean> {
    const state = lease.state;
    const next = nextSignal(state, await this.repo.signals(state.id), move.signal);
    if (next) {
      await lease.save(takeSignal(state, move.index, next.key, this.now()));
      return false;
    }
    await lease.letGo(waitAt(state, move.index, move.signal, this.now()));
    // A signal delivered while the saga was being parked saw it RUNNING and left it to this driver.
    await this.wake(state.id);
    return true;
  }

  /** The signal the move's round runs on, for its StepContext. */
  async signalOf(state: SagaState, move: Move): Promise<SagaSignal | undefined> {
    const key = move.kind === 'invoke' ? state.steps[move.index].signal : undefined;
    return key ? (await this.repo.signals(state.id)).find((s) => s.key === key) : undefined;
  }
}
