import { StaleSagaError } from './saga.errors';
import type { SagaRepository } from './saga.repository';
import type { SagaDoc, SagaState } from './saga.state';

/**
 * One coordinator's hold on one saga. Every write goes through here, one at a time, naming the
 * version last written: the driver's state changes and the periodic renewal that keeps the lease
 * from lapsing while a step runs. Once a write finds another version, the hold is lost for good.
 */
export class SagaLease {
  private doc: SagaDoc;
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private lost = false;

  constructor(
    private readonly repo: SagaRepository,
    doc: SagaDoc,
    private readonly owner: string,
    private readonly leaseMs: number,
    private readonly warn: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.doc = doc;
  }

  get state(): SagaDoc {
    return this.doc;
  }

  /** Persists the state (whole: what it lacks is removed) with a fresh lease. Rejects with StaleSagaError once someone else holds the saga. */
  save(state: SagaState): Promise<void> {
    return this.enqueue(() => ({ ...state, leaseOwner: this.owner, leaseUntil: this.now() + this.leaseMs }));
  }

  /** Renews the lease every third of its length until stopped. */
  keepAlive(): void {
    const renew = () =>
      // Built when its turn comes, from the latest write: a renewal queued behind a state change must not undo it.
      this.enqueue(() => ({ ...this.doc, leaseOwner: this.owner, leaseUntil: this.now() + this.leaseMs })).catch((err: Error) => {
        if (!(err instanceof StaleSagaError)) this.warn(`Saga ${this.doc.id}: lease renewal failed: ${err.message}`);
      });
    this.timer = setInterval(renew, Math.max(50, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  /** Persists the state with no lease and stops renewing: nothing drives the saga until someone takes it (a WAITING saga). */
  letGo(state: SagaState): Promise<void> {
    this.stop();
    return this.enqueue(() => ({ ...state, leaseOwner: undefined, leaseUntil: 0 }));
  }

  /** Hands the saga to whichever coordinator looks next (this node is stopping). */
  async release(): Promise<void> {
    this.stop();
    await this.enqueue(() => ({ ...this.doc, leaseUntil: 0 })).catch(() => undefined);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private enqueue(next: () => SagaDoc): Promise<void> {
    const write = this.queue.then(async () => {
      if (this.lost) throw new StaleSagaError(this.doc.id);
      try {
        this.doc = await this.repo.save(next(), this.doc.version ?? 0);
      } catch (err) {
        if (err instanceof StaleSagaError) {
          this.lost = true;
          this.stop();
        }
        throw err;
      }
    });
    this.queue = write.catch(() => undefined);
    return write;
  }
}
