import { randomBytes } from 'node:crypto';
import type { ServiceBroker } from 'moleculer';
import type { SagaView } from '../../sagas/saga.view';
import { eventually } from '../support/eventually';
import { startPlatform, type Platform } from '../support/platform';
import { define, parcelSaga, Probe, replPrint, type Taken } from './probe.participants';

const uid = (tag: string) => `${tag}-${randomBytes(5).toString('hex')}`;
type Answer = { id: string; status: string; duplicate: boolean };

/** The coordinator on the real store (PostgreSQL): signals, the mailbox, restarts and races between coordinators. */
describe('sagas waiting for a signal, on the real store', () => {
  let platform: Platform;
  let probe: Probe;
  let sys: { meta: { user: unknown } };
  const taken: Taken[] = [];
  const coordinator = async (nodeId: string): Promise<ServiceBroker> => {
    const node = await platform.addNode(['sagas'], nodeId);
    define(node, parcelSaga(taken));
    return node;
  };
  let coordA: ServiceBroker;

  beforeAll(async () => {
    // No coordinator on the calling node: every call crosses NATS to the coordinator nodes.
    platform = await startPlatform([], { SAGA_LEASE_MS: '1500', SAGA_RESUME_INTERVAL_MS: '150' });
    sys = { meta: { user: (await import('../../mixins/access/access.types')).SYSTEM_PRINCIPAL } };
    probe = new Probe();
    platform.broker.createService(probe.service());
    coordA = await coordinator('coord-a');
    await platform.broker.waitForServices(['probe', 'sagas']);
  }, 60_000);
  afterAll(() => platform?.stop());

  const call = <T>(action: string, params: Record<string, unknown>) =>
    platform.broker.call<T, unknown>(`sagas.${action}`, params, sys);
  const start = (id: string, expected: number) => call('start', { type: 'parcel', id, data: { expected } });
  const signal = (sagaId: string, key: string, units = 1, name = 'parcel.received') =>
    call<Answer>('signal', { sagaId, signal: name, key, data: { units } });
  const view = (id: string) => call<SagaView>('get', { id });
  const reaches = (id: string, status: string, ms = 10_000) =>
    eventually(async () => ((v) => v.status === status && v)(await view(id)), ms);
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => ({}) as { code?: number; type?: string },
      (e) => e,
    );
  const takenBy = (id: string) => taken.filter((t) => t.sagaId === id).map((t) => t.signal);

  it('parks WAITING with no lease, shown as such; a signal resumes it and the step runs on it', async () => {
    const id = uid('wait');
    await start(id, 1);
    const waiting = await reaches(id, 'WAITING');
    expect(waiting).toMatchObject({
      currentStep: 'receive',
      leaseUntil: 0,
      waiting: { step: 'receive', signal: 'parcel.received' },
    });
    expect(waiting.leaseOwner).toBeUndefined();
    expect(waiting.steps[1].status).toBe('WAITING');
    const listed = await call<{ rows: SagaView[] }>('list', { status: 'WAITING', type: 'parcel', pageSize: 100 });
    expect(listed.rows.find((r) => r.id === id)).toMatchObject({ waiting: { signal: 'parcel.received' } });
    const since = new Date(waiting.waiting!.since).toISOString();
    expect(await replPrint(platform.broker, 'sagas', { status: 'waiting' })).toContain(
      `${id}  parcel  WAITING  receive  ${new Date(waiting.updatedAt).toISOString()}  waiting for parcel.received since ${since}`,
    );
    expect(await replPrint(platform.broker, 'saga', { id })).toMatch(
      new RegExp(`WAITING  \\(waiting for parcel.received since ${since}\\)\n.*\n  receive +WAITING`),
    );

    expect(await signal(id, 'scan-1')).toEqual({ id, status: 'RUNNING', duplicate: false });
    const done = await reaches(id, 'COMPLETED');
    expect(probe.keysOf(id)).toEqual([`${id}:label`, `${id}:receive`, `${id}:close`]);
    expect(takenBy(id)).toEqual(['scan-1']);
    expect(done.steps[1]).toMatchObject({ status: 'DONE', signals: ['scan-1'] });
    expect(await replPrint(platform.broker, 'saga', { id })).toMatch(/receive +DONE .*\| signals scan-1/);
    expect(await signal(id, 'scan-1')).toEqual({ id, status: 'COMPLETED', duplicate: true });
  });

  it('a signal that comes before the saga reaches its step is kept in the mailbox and taken there', async () => {
    const id = uid('early');
    probe.set(id, 'label', { slowMs: 300 });
    await start(id, 1);
    expect(await signal(id, 'early-1')).toMatchObject({ status: 'RUNNING', duplicate: false });
    await reaches(id, 'COMPLETED');
    expect(takenBy(id)).toEqual(['early-1']);
  });

  it('refuses a signal for no saga (404), bad input naming the field (422), and one a saga will never wait for (409)', async () => {
    expect(await refusal(signal(uid('nobody'), 'k'))).toMatchObject({ code: 404 });
    const badKey = await refusal(call('signal', { sagaId: 'x', signal: 'parcel.received', key: 'a b' }));
    expect(badKey).toMatchObject({ code: 422, data: [expect.objectContaining({ field: 'key' })] });
    const big = await refusal(
      call('signal', { sagaId: 'x', signal: 'parcel.received', key: 'k', data: { s: 'x'.repeat(70_000) } }),
    );
    expect(big).toMatchObject({ code: 422, data: [expect.objectContaining({ field: 'data' })] });

    const id = uid('reuse');
    await start(id, 2);
    await reaches(id, 'WAITING');
    await signal(id, 'k-1');
    expect(await refusal(signal(id, 'k-1', 1, 'parcel.lost'))).toMatchObject({ code: 409, type: 'SIGNAL_KEY_REUSED' });
    await signal(id, 'k-2');
    await reaches(id, 'COMPLETED');
    expect(await refusal(signal(id, 'k-3'))).toMatchObject({ code: 409, type: 'SAGA_NOT_WAITING' });
  });

  it("an operator's compensation of a waiting saga undoes what ran, its finished rounds included", async () => {
    const id = uid('undo');
    await start(id, 3);
    await reaches(id, 'WAITING');
    await signal(id, 'box-1');
    await eventually(async () => ((v) => v.status === 'WAITING' && v.steps[1].signals?.length === 1)(await view(id)));
    expect(await call('compensate', { id })).toEqual({ id, status: 'COMPENSATING' });
    const done = await reaches(id, 'COMPENSATED');
    expect(done.failureDetail).toMatchObject({ step: 'receive', message: 'compensation forced by an operator' });
    expect(probe.keysOf(id).filter((k) => k.endsWith(':compensate'))).toEqual([
      `${id}:receive:compensate`,
      `${id}:label:compensate`,
    ]);
    expect(await refusal(signal(id, 'box-2'))).toMatchObject({ code: 409, type: 'SAGA_NOT_WAITING' });
  });

  it('a waiting saga survives a coordinator restart with no lease, and resumes on the next signal', async () => {
    const id = uid('restart');
    await start(id, 1);
    await reaches(id, 'WAITING');
    await coordA.stop();
    const coordB = await coordinator('coord-b');
    await platform.broker.waitForServices(['sagas']);
    // Several resume passes on the new node: none takes the waiting saga.
    await new Promise((r) => setTimeout(r, 600));
    expect(await view(id)).toMatchObject({ status: 'WAITING', leaseUntil: 0 });
    expect(probe.keysOf(id)).toEqual([`${id}:label`]);
    expect((await signal(id, 'after-restart')).status).toBe('RUNNING');
    await reaches(id, 'COMPLETED');
    expect(probe.calls.filter((c) => c.key.startsWith(`${id}:`)).map((c) => [c.key, c.node])).toEqual([
      [`${id}:label`, 'coord-a'],
      [`${id}:receive`, coordB.nodeID],
      [`${id}:close`, coordB.nodeID],
    ]);
  });

  describe('racing signals on two coordinators', () => {
    beforeAll(async () => {
      await coordinator('coord-c');
      await eventually(
        async () =>
          platform.broker.registry.getServiceList({ onlyAvailable: true }).filter((s) => s.name === 'sagas').length === 2,
      );
    });

    it('10 signals with distinct keys resume a saga waiting for one exactly once', async () => {
      const id = uid('race-once');
      await start(id, 1);
      await reaches(id, 'WAITING');
      const keys = Array.from({ length: 10 }, (_, i) => `box-${i}`);
      const answers = await Promise.all(keys.map((k) => signal(id, k)));
      expect(answers.every((a) => a.id === id && a.duplicate === false)).toBe(true);
      await reaches(id, 'COMPLETED');
      expect(probe.keysOf(id)).toEqual([`${id}:label`, `${id}:receive`, `${id}:close`]);
      expect(takenBy(id)).toHaveLength(1);
    });

    it('10 signals with distinct keys to a saga waiting for 10: each is taken by exactly one round', async () => {
      const id = uid('race-all');
      await start(id, 10);
      await reaches(id, 'WAITING');
      const keys = Array.from({ length: 10 }, (_, i) => `box-${i}`);
      await Promise.all(keys.map((k) => signal(id, k)));
      const done = await reaches(id, 'COMPLETED', 15_000);
      expect([...takenBy(id)].sort()).toEqual(keys);
      expect([...done.steps[1].signals!].sort()).toEqual(keys);
      const rounds = [`${id}:receive`, ...keys.slice(1).map((_, i) => `${id}:receive#${i + 2}`)];
      expect(probe.keysOf(id).filter((k) => k.startsWith(`${id}:receive`))).toEqual(rounds);
      expect(done.data).toMatchObject({ received: 10 });
    });

    it('10 signals with the same key are one signal: one round, nine answered as duplicates', async () => {
      const id = uid('race-same');
      await start(id, 2);
      await reaches(id, 'WAITING');
      const answers = await Promise.all(Array.from({ length: 10 }, () => signal(id, 'same')));
      expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
      await eventually(async () => ((v) => v.status === 'WAITING' && v.steps[1].signals?.length === 1)(await view(id)));
      expect(takenBy(id)).toEqual(['same']);
      await signal(id, 'other');
      await reaches(id, 'COMPLETED');
      expect(probe.keysOf(id)).toEqual([`${id}:label`, `${id}:receive`, `${id}:receive#2`, `${id}:close`]);
    });
  });
});
