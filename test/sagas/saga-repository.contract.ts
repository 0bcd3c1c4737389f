import { StaleSagaError } from '../../sagas/saga.errors';
import type { SagaRepository } from '../../sagas/saga.repository';
import { initialState, type SagaDoc } from '../../sagas/saga.state';
import type { SagaSignal } from '../../sagas/saga.types';

/** How the contract gets a fresh repository on one engine, or why it cannot run here (null: ready). */
export interface RepositoryHarness {
  label: string;
  setup(): Promise<string | null>;
  repository(): Promise<SagaRepository>;
  teardown(): Promise<void>;
}

const saga = (id: string, extra: Partial<SagaDoc> = {}): SagaDoc => ({
  ...initialState(id, 'parcel', ['label', 'receive'], {}, 1),
  leaseUntil: 0,
  ...extra,
});
const signal = (key: string, receivedAt: number, data: Record<string, unknown> = {}): SagaSignal => ({
  name: 'parcel.received',
  key,
  data,
  receivedAt,
});

/** What the engine needs of a saga repository beyond plain storage, the same on every engine: the mailbox and the guards. */
export function sagaRepositoryContract(h: RepositoryHarness): void {
  describe(`saga repository contract: ${h.label}`, () => {
    let repo: SagaRepository;
    let ready = false;
    beforeAll(async () => {
      const reason = await h.setup();
      if (reason) throw new Error(`${h.label} cannot run here: ${reason}`);
      repo = await h.repository();
      ready = true;
    }, 60_000);
    afterAll(() => (ready ? h.teardown() : undefined));

    it('keeps a signal once per (saga, key): a second one with the key answers the first', async () => {
      expect(await repo.addSignal('m1', signal('k', 10, { units: 1 }))).toEqual({
        signal: signal('k', 10, { units: 1 }),
        created: true,
      });
      expect(await repo.addSignal('m1', signal('k', 20, { units: 9 }))).toEqual({
        signal: signal('k', 10, { units: 1 }),
        created: false,
      });
      // The same key on another saga is another signal.
      expect((await repo.addSignal('m1:other', signal('k', 30))).created).toBe(true);
      expect(await repo.signals('m1')).toEqual([signal('k', 10, { units: 1 })]);
      expect(await repo.signals('m-none')).toEqual([]);
    });

    it("answers a saga's mailbox oldest first", async () => {
      await repo.addSignal('m2', signal('late', 300));
      await repo.addSignal('m2', signal('early', 100));
      await repo.addSignal('m2', signal('middle', 200));
      expect((await repo.signals('m2')).map((s) => s.key)).toEqual(['early', 'middle', 'late']);
    });

    it('of 10 parallel deliveries of one key, exactly one keeps the signal', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => repo.addSignal('m3', signal('same', i, { i }))));
      expect(answers.filter((a) => a.created)).toHaveLength(1);
      const kept = answers.find((a) => a.created)!.signal;
      expect(answers.every((a) => JSON.stringify(a.signal) === JSON.stringify(kept))).toBe(true);
      expect(await repo.signals('m3')).toHaveLength(1);
    });

    it('a waiting saga is kept whole with no lease, never offered as lapsed, and one write per version wins', async () => {
      const created = (await repo.create(saga('w1', { leaseOwner: 'n1', leaseUntil: 5 })))!;
      const waiting = await repo.save(
        {
          ...created,
          status: 'WAITING',
          waiting: { step: 'receive', signal: 'parcel.received', since: 7 },
          leaseOwner: undefined,
          leaseUntil: 0,
        },
        created.version!,
      );
      expect(waiting).toMatchObject({
        status: 'WAITING',
        waiting: { step: 'receive', signal: 'parcel.received', since: 7 },
        leaseUntil: 0,
      });
      expect(waiting.leaseOwner).toBeUndefined();
      expect((await repo.lapsed(Date.now(), 50)).map((d) => d.id)).not.toContain('w1');
      const resumes = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          repo.save({ ...waiting, status: 'RUNNING', waiting: undefined, leaseOwner: `n${i}` }, waiting.version!),
        ),
      );
      expect(resumes.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of resumes) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleSagaError);
      expect((await repo.get('w1'))!.waiting).toBeUndefined();
    });
  });
}
