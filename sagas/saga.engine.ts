import { SagaNotFoundError, StaleSagaError, UnknownSagaTypeError } from './saga.errors';
import { SagaLease } from './saga.lease';
import { SagaMailbox, type Delivery } from './saga.mailbox';
import type { EngineOptions } from './saga.engine.options';
import { initialState, type SagaDoc, type SagaState } from './saga.state';
import { forceCompensation, resumableOnReturn, resumeOnReturn, retryParked } from './saga.resume';
import { Sleepers } from './saga.sleepers';
import { beginTry, nextMove, settleTry, shapeOf } from './saga.transitions';
import { runTry } from './saga.try';
import type { SagaData, SagaDefinition } from './saga.types';

export type { SagaCaller } from './saga.try';

export type { EngineOptions, SagaHooks } from './saga.engine.options';
export type { Delivery } from './saga.mailbox';

/**
 * Runs sagas: persists each one before and after every try, drives it in the background under a
 * lease, resumes the ones whose coordinator went quiet, and applies operators' retries and forced
 * compensations. What happens next is decided by saga.transitions.ts; this file only carries it out.
 */
export class SagaEngine {
  private readonly defs = new Map<string, SagaDefinition>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly sleepers = new Sleepers();
  private stopping = false;
  private readonly now: () => number;
  private readonly mailbox: SagaMailbox;

  constructor(private readonly opts: EngineOptions) {
    this.now = opts.now ?? Date.now;
    this.mailbox = new SagaMailbox(opts.repo, (id, change) => this.takeOver(id, change), this.now);
  }

  define(def: SagaDefinition): void {
    this.defs.set(def.type, def);
  }

  types(): string[] {
    return [...this.defs.keys()];
  }

  /** Sagas this node is driving now. */
  get active(): number {
    return this.running.size;
  }

  /** Persists a new saga and starts driving it; for an id already taken, answers the saga there is. */
  async start(type: string, id: string, data: SagaData): Promise<{ saga: SagaDoc; created: boolean }> {
    const def = this.defs.get(type);
    if (!def) throw new UnknownSagaTypeError(type);
    const now = this.now();
    const steps = def.steps.map((s) => s.id);
    const doc: SagaDoc = { ...initialState(id, type, steps, data, now), ...this.lease(now) };
    const created = await this.opts.repo.create(doc);
    if (!created) return { saga: (await this.opts.repo.get(id))!, created: false };
    this.opts.hooks?.started?.(type);
    this.launch(created);
    return { saga: created, created: true };
  }

  /** Takes over active sagas whose lease lapsed (their coordinator stopped or died). Returns how many. */
  async resumeLapsed(limit = 50): Promise<number> {
    if (this.stopping || this.opts.shuttingDown?.()) return 0;
    let taken = 0;
    for (const doc of await this.opts.repo.lapsed(this.now(), limit)) {
      // A type this node does not know is left for a node that does (rolling deploys).
      if (this.running.has(doc.id) || !this.defs.has(doc.type)) continue;
      try {
        this.launch(await this.opts.repo.save({ ...doc, ...this.lease(this.now()) }, doc.version ?? 0));
        taken++;
      } catch (err) {
        if (!(err instanceof StaleSagaError)) throw err;
      }
    }
    return taken;
  }

  /** A participant may be back: sagas waiting to retry try now, and parked ones waiting for it resume. */
  participantsChanged(available: (service: string) => boolean): Promise<number> {
    if (!this.stopping) this.sleepers.wakeAll();
    return this.resumeReturned(available);
  }

  /** Retries sagas parked by an outage of a service `available` says is back (each at most MAX_AUTO_RESUMES times). */
  async resumeReturned(available: (service: string) => boolean, limit = 50): Promise<number> {
    if (this.stopping || this.opts.shuttingDown?.()) return 0;
    const { rows } = await this.opts.repo.list({ status: 'NEEDS_ATTENTION', offset: 0, limit });
    let resumed = 0;
    for (const doc of rows.filter((d) => this.defs.has(d.type) && resumableOnReturn(d, available))) {
      try {
        await this.takeOver(doc.id, resumeOnReturn);
        this.opts.log.info(`Saga ${doc.id} resumed: ${doc.parked?.waitingFor} is back`);
        resumed++;
      } catch (err) {
        this.opts.log.warn(`Saga ${doc.id} not resumed: ${(err as Error).message}`);
      }
    }
    return resumed;
  }

  /** An operator's retry of a parked saga. */
  retry(id: string): Promise<SagaDoc> {
    return this.takeOver(id, retryParked);
  }

  /** An operator's forced compensation; a coordinator driving it elsewhere loses it at its next write. */
  compensate(id: string): Promise<SagaDoc> {
    return this.takeOver(id, forceCompensation);
  }

  /** Keeps a signal in the saga's mailbox (once per key) and resumes the saga if it waits for it. */
  signal(id: string, name: string, key: string, data: SagaData): Promise<Delivery> {
    return this.mailbox.deliver(id, { name, key, data, receivedAt: this.now() });
  }

  /** Stops driving: sleeping sagas wake and hand their lease back; waits up to `graceMs` for tries in flight. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.sleepers.wakeAll();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((r) => (timer = setTimeout(r, graceMs)));
    await Promise.race([Promise.allSettled([...this.running.values()]), grace]);
    clearTimeout(timer);
  }

  private lease(now: number) {
    return { leaseOwner: this.opts.owner, leaseUntil: now + this.opts.leaseMs };
  }

  private async takeOver(id: string, change: (s: SagaState, now: number) => SagaState): Promise<SagaDoc> {
    const doc = await this.opts.repo.get(id);
    if (!doc) throw new SagaNotFoundError(id);
    if (!this.defs.has(doc.type)) throw new UnknownSagaTypeError(doc.type);
    const now = this.now();
    // The changed state replaces the stored one whole: fields it dropped (a parked reason) must go.
    const saved = await this.opts.repo.save({ ...change(doc, now), ...this.lease(now) }, doc.version ?? 0);
    this.launch(saved);
    return saved;
  }

  private launch(doc: SagaDoc): void {
    const previous = this.running.get(doc.id);
    // A local driver of the same saga stops at its next write (its version is stale): wake it if it waits
    // to retry, and let it finish a try in flight.
    this.sleepers.wake(doc.id);
    const run = (async () => {
      await previous?.catch(() => undefined);
      const lease = new SagaLease(this.opts.repo, doc, this.opts.owner, this.opts.leaseMs, this.opts.log.warn, this.now);
      try {
        await this.drive(lease, this.defs.get(doc.type)!);
      } catch (err) {
        if (err instanceof StaleSagaError) this.opts.log.info(`Saga ${doc.id} is driven elsewhere now`);
        // The lease lapses and a resumer (this node's or another's) picks the saga up again.
        else this.opts.log.warn(`Saga ${doc.id} paused: ${(err as Error).message}`);
      } finally {
        lease.stop();
      }
    })();
    this.running.set(doc.id, run);
    void run.finally(() => {
      if (this.running.get(doc.id) === run) this.running.delete(doc.id);
    });
  }

  private async drive(lease: SagaLease, def: SagaDefinition): Promise<void> {
    const shape = shapeOf(def, this.opts.retryBudgetMs);
    lease.keepAlive();
    for (;;) {
      if (this.stopping || this.opts.shuttingDown?.()) return lease.release();
      const move = nextMove(lease.state, shape);
      if (move.kind === 'idle') return;
      if (move.kind === 'wait') {
        if (await this.mailbox.reach(lease, move)) return this.opts.hooks?.waiting?.(def.type);
        continue;
      }
      if (move.kind !== 'finish') await lease.save(beginTry(lease.state, move, this.now()));
      const signal = await this.mailbox.signalOf(lease.state, move);
      const started = this.now();
      const outcome = await runTry(move, lease.state, def, this.opts.call, this.opts.defaultDeadlineMs, this.now, signal);
      if (move.kind === 'invoke') this.opts.hooks?.stepLatency?.(def.type, def.steps[move.index].id, this.now() - started);
      const settled = settleTry(lease.state, move, outcome, shape, this.now());
      await lease.save(settled.state);
      this.report(def.type, lease.state);
      if (settled.state.status === 'NEEDS_ATTENTION' || move.kind === 'finish') return;
      if (settled.retryInMs) await this.sleepers.sleep(lease.state.id, settled.retryInMs);
    }
  }

  private report(type: string, state: SagaState): void {
    const hooks = this.opts.hooks;
    if (state.status === 'COMPLETED') hooks?.completed?.(type);
    if (state.status === 'COMPENSATED') hooks?.compensated?.(type);
    if (state.status === 'NEEDS_ATTENTION') {
      this.opts.log.warn(`Saga ${state.id} needs attention: ${state.parked?.reason}`);
      hooks?.parked?.(type, state.parked?.reason ?? '');
    }
  }
}
