import { eventually } from '../test/support/eventually';
import { SagaEngine } from './saga.engine';
import { SagaNotFoundError, SignalKeyReusedError } from './saga.errors';
import { SagaTransitionError } from './saga.resume';
import type { SagaDoc } from './saga.state';
import { WaitAgain, type SagaDefinition, type SagaStep } from './saga.types';
import { MemoryRepository } from './testing/memory.repository';

type Seen = { key: string; signal?: string; units?: unknown; stepKeys?: string[] };

/**
 * A return in miniature: label, then receive (waits for `parcel.received`; partial receipts wait
 * again until `expected` units came), then close. Every participant call is recorded with its key.
 */
function world(repo = new MemoryRepository(), slowMs: Record<string, number> = {}) {
  const seen: Seen[] = [];
  const engine = (owner = 'node-1') => {
    const e = new SagaEngine({
      repo,
      owner,
      leaseMs: 200,
      defaultDeadlineMs: 500,
      log: { info: () => undefined, warn: () => undefined },
      call: async (action, params, { idempotencyKey }) => {
        await new Promise((r) => setTimeout(r, slowMs[action] ?? 0));
        seen.push({ key: idempotencyKey, ...params });
      },
    });
    e.define(parcel);
    return e;
  };
  const step = (id: string, extra: Partial<SagaStep> = {}): SagaStep => ({
    id,
    invoke: async (ctx) => void (await ctx.call(`p.${id}`, {})),
    compensate: async (ctx) => void (await ctx.call(`p.undo-${id}`, { stepKeys: ctx.stepKeys })),
    ...extra,
  });
  const parcel: SagaDefinition = {
    type: 'parcel',
    steps: [
      step('label'),
      step('receive', {
        waitFor: 'parcel.received',
        async invoke(ctx) {
          const units = Number(ctx.signal!.data.units);
          await ctx.call('p.receive', { signal: ctx.signal!.key, units });
          const received = Number(ctx.data.received ?? 0) + units;
          return received < Number(ctx.data.expected) ? new WaitAgain({ received }) : { received };
        },
      }),
      step('close'),
    ],
  };
  const doc = (id: string) => repo.docs.get(id)!;
  const reaches = (id: string, status: string) => eventually(async () => doc(id)?.status === status && doc(id));
  /** A saga started on a new engine and parked WAITING for its first parcel; answers the engine. */
  const waiting = async (id: string, expected: number) => {
    const e = engine();
    await e.start('parcel', id, { expected });
    await reaches(id, 'WAITING');
    return e;
  };
  /** Waiting again once `units` were received. */
  const received = (id: string, units: number) =>
    eventually(async () => doc(id).status === 'WAITING' && doc(id).data.received === units);
  return { repo, seen, engine, doc, reaches, waiting, received, keys: () => seen.map((s) => s.key) };
}

describe('sagas waiting for a signal (engine, in memory)', () => {
  it('parks WAITING with no lease and no driver; a signal resumes it and the step runs on its data', async () => {
    const w = world();
    const e = w.engine();
    await e.start('parcel', 'r1', { expected: 1 });
    const waiting = await w.reaches('r1', 'WAITING');
    expect(waiting).toMatchObject({ leaseUntil: 0, waiting: { step: 'receive', signal: 'parcel.received' } });
    expect(waiting.leaseOwner).toBeUndefined();
    await eventually(async () => e.active === 0);
    // No renewals, no resumer: the saga is left exactly as it was.
    const writes = w.repo.writes.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(await e.resumeLapsed()).toBe(0);
    expect(w.repo.writes.length).toBe(writes);

    const delivery = await e.signal('r1', 'parcel.received', 'scan-1', { units: 1 });
    expect(delivery).toMatchObject({ duplicate: false, saga: { status: 'RUNNING' } });
    const done = await w.reaches('r1', 'COMPLETED');
    expect(w.seen.map((s) => [s.key, s.signal, s.units])).toEqual([
      ['r1:label', undefined, undefined],
      ['r1:receive', 'scan-1', 1],
      ['r1:close', undefined, undefined],
    ]);
    expect(done.steps[1]).toMatchObject({ status: 'DONE', signals: ['scan-1'] });
    expect(done.waiting).toBeUndefined();
    // The same key again changes nothing.
    expect(await e.signal('r1', 'parcel.received', 'scan-1', { units: 1 })).toMatchObject({ duplicate: true });
    expect(w.keys()).toHaveLength(3);
  });

  it('a signal that comes before the saga reaches its step is kept and taken there, without waiting', async () => {
    const w = world(undefined, { 'p.label': 150 });
    const e = w.engine();
    await expect(e.signal('nope', 'parcel.received', 'early', {})).rejects.toThrow(SagaNotFoundError);
    await e.start('parcel', 'r2', { expected: 1 });
    // Delivered while the saga is still at its first step.
    expect(await e.signal('r2', 'parcel.received', 'early', { units: 1 })).toMatchObject({
      duplicate: false,
      saga: { status: 'RUNNING', steps: [{ status: 'RUNNING' }, { status: 'PENDING' }, { status: 'PENDING' }] },
    });
    const done = await w.reaches('r2', 'COMPLETED');
    expect(w.repo.writes.filter((d) => d.id === 'r2').some((d) => d.status === 'WAITING')).toBe(false);
    expect(done.steps[1].signals).toEqual(['early']);
  });

  it('partial receipts: each signal runs one round under its own key, and the saga waits again until all came', async () => {
    const w = world();
    const e = await w.waiting('r3', 3);
    await e.signal('r3', 'parcel.received', 'box-1', { units: 1 });
    await w.received('r3', 1);
    expect(w.doc('r3').steps[1]).toMatchObject({ status: 'WAITING', signals: ['box-1'] });
    await e.signal('r3', 'parcel.received', 'box-2', { units: 2 });
    await w.reaches('r3', 'COMPLETED');
    expect(w.keys()).toEqual(['r3:label', 'r3:receive', 'r3:receive#2', 'r3:close']);
    expect(w.doc('r3').data.received).toBe(3);
  });

  it("an operator's compensation of a waiting saga undoes what ran, every round of the waiting step included", async () => {
    const w = world();
    const e = await w.waiting('r4', 5);
    await e.signal('r4', 'parcel.received', 'box-1', { units: 1 });
    await e.signal('r4', 'parcel.received', 'box-2', { units: 1 });
    await w.received('r4', 2);
    expect(await e.compensate('r4')).toMatchObject({ status: 'COMPENSATING' });
    const done = await w.reaches('r4', 'COMPENSATED');
    expect(done).toMatchObject({ failure: { step: 'receive', message: 'compensation forced by an operator' } });
    expect(w.seen.slice(-2)).toEqual([
      { key: 'r4:receive:compensate', stepKeys: ['r4:receive', 'r4:receive#2'] },
      { key: 'r4:label:compensate', stepKeys: ['r4:label'] },
    ]);
    // It waits no more: a new signal is refused, a repeated one answered as before.
    await expect(e.signal('r4', 'parcel.received', 'box-3', { units: 1 })).rejects.toThrow(SagaTransitionError);
    expect(await e.signal('r4', 'parcel.received', 'box-1', { units: 1 })).toMatchObject({ duplicate: true });
  });

  it('a key already used by a signal of another name is refused', async () => {
    const w = world();
    const e = await w.waiting('r5', 2);
    await e.signal('r5', 'parcel.received', 'k', { units: 1 });
    await expect(e.signal('r5', 'parcel.lost', 'k', {})).rejects.toThrow(SignalKeyReusedError);
  });

  it('a signal that lands while the driver parks the saga is not lost: the driver looks again after letting go', async () => {
    const w = world(
      new (class extends MemoryRepository {
        // The signal is kept after the driver found the mailbox empty, and its delivery saw the saga RUNNING.
        override async save(doc: SagaDoc, expectVersion: number) {
          if (doc.status === 'WAITING' && !this.mailbox.size)
            await this.addSignal(doc.id, { name: 'parcel.received', key: 'late', data: { units: 1 }, receivedAt: 1 });
          return super.save(doc, expectVersion);
        }
      })(),
    );
    await w.engine().start('parcel', 'r6', { expected: 1 });
    await w.reaches('r6', 'COMPLETED');
    expect(w.keys()).toEqual(['r6:label', 'r6:receive', 'r6:close']);
  });

  it('racing signals on two coordinators resume the saga once; each signal is taken by exactly one round', async () => {
    const w = world();
    const [one, two] = [await w.waiting('r7', 10), w.engine('node-2')];
    const keys = Array.from({ length: 10 }, (_, i) => `box-${i}`);
    await Promise.all(keys.map((k, i) => (i % 2 ? one : two).signal('r7', 'parcel.received', k, { units: 1 })));
    const done = await w.reaches('r7', 'COMPLETED');
    expect([...done.steps[1].signals!].sort()).toEqual(keys);
    expect(w.keys().filter((k) => k.startsWith('r7:receive'))).toEqual([
      'r7:receive',
      ...keys.slice(1).map((_, i) => `r7:receive#${i + 2}`),
    ]);
    expect(done.data.received).toBe(10);
  });
});
