import { randomBytes } from 'node:crypto';
import type { ServiceBroker } from 'moleculer';
import type { SagaRepository } from '../../sagas/saga.repository';
import { initialState, type SagaDoc, type StepRecord } from '../../sagas/saga.state';
import type { SagaView } from '../../sagas/saga.view';
import { eventually } from '../support/eventually';
import { startPlatform, type Platform } from '../support/platform';
import { define, Probe, probeSaga } from './probe.participants';

const uid = (tag: string) => `${tag}-${randomBytes(5).toString('hex')}`;
const ENDED = ['COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION'];

describe('saga engine on a real platform', () => {
  let platform: Platform;
  let probe: Probe;
  let coord2: ServiceBroker;
  let sys: { meta: { user: unknown } };
  let repo: SagaRepository;

  beforeAll(async () => {
    platform = await startPlatform(['sagas'], {
      SAGA_LEASE_MS: '1500',
      SAGA_RESUME_INTERVAL_MS: '150',
      // Parking is one of the things looked at: no time budget beyond the tries.
      SAGA_RETRY_BUDGET_MS: '0',
    });
    sys = { meta: { user: (await import('../../mixins/access/access.types')).SYSTEM_PRINCIPAL } };
    probe = new Probe();
    platform.broker.createService(probe.service());
    await platform.broker.waitForServices(['probe']);
    define(platform.broker, probeSaga());
    repo = (platform.broker.getLocalService('sagas') as unknown as { repo: SagaRepository }).repo;
  }, 60_000);
  afterAll(() => platform?.stop());

  const start = (id: string, data: Record<string, unknown> = {}, broker = platform.broker) =>
    broker.call<{ id: string; status: string }, unknown>('sagas.start', { type: 'probe', id, data }, sys);
  const view = (id: string) => platform.broker.call<SagaView, unknown>('sagas.get', { id }, sys);
  const ended = (id: string, ms = 8_000) => eventually(async () => ((s) => ENDED.includes(s.status) && s)(await view(id)), ms);
  /** A saga a crashed coordinator left behind: s1 done, s2 begun, the lease lapsed. */
  const orphan = async (id: string, type: string) => {
    const state = initialState(id, type, ['s1', 's2', 's3'], {}, Date.now());
    const steps: StepRecord[] = [
      { ...state.steps[0], status: 'DONE', attempts: 1, tries: 1, output: { s1: 1 } },
      { ...state.steps[1], status: 'RUNNING', attempts: 1, tries: 1, startedAt: Date.now() },
      state.steps[2],
    ];
    await repo.create({ ...state, steps, data: { s1: 1 }, leaseOwner: 'crashed-node', leaseUntil: Date.now() - 1 } as SagaDoc);
  };

  it('starts at once, runs every step once as the platform with the key sagaId:step, and a second start answers the same saga', async () => {
    const id = uid('happy');
    const begun = Date.now();
    expect(await start(id, { paymentToken: 'tok_not_for_operators' })).toEqual({ id, status: 'RUNNING' });
    expect(Date.now() - begun).toBeLessThan(1_000);
    const saga = await ended(id);
    expect(saga.status).toBe('COMPLETED');
    expect(probe.keysOf(id)).toEqual([`${id}:s1`, `${id}:s2`, `${id}:s3`]);
    expect(probe.calls.filter((c) => c.key.startsWith(id)).every((c) => c.system)).toBe(true);
    expect(saga.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([
      ['s1', 'DONE', 1],
      ['s2', 'DONE', 1],
      ['s3', 'DONE', 1],
    ]);
    for (const s of saga.steps) expect(s.finishedAt! >= s.startedAt! && s.durationMs! >= 0).toBe(true);
    expect(saga.data).toEqual({ paymentToken: '[redacted]', s1: 1, s2: 1, s3: 1 });
    expect(await start(id)).toEqual({ id, status: 'COMPLETED' });
    expect(probe.keysOf(id)).toHaveLength(3);
  });

  it('a business failure in step 3 runs the compensations of steps 2 then 1', async () => {
    const id = uid('refused');
    probe.set(id, 's3', { refuse: true });
    await start(id);
    const saga = await ended(id);
    expect(saga.status).toBe('COMPENSATED');
    expect(probe.keysOf(id)).toEqual([`${id}:s1`, `${id}:s2`, `${id}:s3`, `${id}:s2:compensate`, `${id}:s1:compensate`]);
    expect(saga.failureDetail).toMatchObject({ step: 's3', type: 'PROBE_REFUSED', business: true });
    expect(saga.steps[2]).toMatchObject({ status: 'FAILED', attempts: 1, errorCode: 409 });
  });

  it('a retryable failure is tried again with the same idempotency key', async () => {
    const id = uid('flaky');
    probe.set(id, 's2', { flaky: 2 });
    await start(id);
    const saga = await ended(id);
    expect(saga.status).toBe('COMPLETED');
    expect(probe.keysOf(id)).toEqual([`${id}:s1`, `${id}:s2`, `${id}:s2`, `${id}:s2`, `${id}:s3`]);
    expect(saga.steps[1]).toMatchObject({ status: 'DONE', attempts: 3, error: 'flaky', errorCode: 503 });
  });

  it('a step past its deadline fails and compensates (itself too: the late answer may have applied)', async () => {
    const id = uid('slow');
    probe.set(id, 's2', { slowMs: 700 });
    await start(id);
    const saga = await ended(id);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.steps[1]).toMatchObject({ status: 'FAILED', attempts: 3, errorCode: 504 });
    expect(probe.keysOf(id).filter((k) => k.endsWith(':compensate'))).toEqual([`${id}:s2:compensate`, `${id}:s1:compensate`]);
    expect(probe.keysOf(id)).not.toContain(`${id}:s3`);
  });

  it('a compensation failing past its retries parks the saga NEEDS_ATTENTION; retry then finishes it', async () => {
    const id = uid('parked');
    probe.set(id, 's3', { refuse: true });
    probe.set(id, 's1', { undoFails: 4 });
    await start(id);
    const parked = await ended(id);
    expect(parked).toMatchObject({
      status: 'NEEDS_ATTENTION',
      parkedReason: 's1 compensation: undo failed',
      currentStep: 's1:compensate',
    });
    expect(parked.steps[0].compensation).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(await platform.broker.call('sagas.retry', { id }, sys)).toEqual({ id, status: 'COMPENSATING' });
    const done = await ended(id);
    expect(done.status).toBe('COMPENSATED');
    expect(done.parkedReason).toBeUndefined();
    // Every try of the stuck compensation carried the same key: 3 failed, 1 more failed, then it went through.
    expect(probe.keysOf(id).filter((k) => k === `${id}:s1:compensate`)).toHaveLength(5);
    const stats = await platform.broker.call<{ counts: Record<string, Record<string, number>> }, unknown>('sagas.stats', {}, sys);
    expect(stats.counts.parked.probe).toBeGreaterThanOrEqual(1);
    expect(stats.counts.compensated.probe).toBeGreaterThanOrEqual(3);
    expect(stats.counts.completed.probe).toBeGreaterThanOrEqual(2);
  });

  it("resumes a crashed coordinator's saga on another node, retrying the step it was in with the same key", async () => {
    const id = uid('orphan');
    await orphan(id, 'probe-resume');
    coord2 = await platform.addNode(['sagas'], 'coord-2');
    // Only the new node knows this type: whoever finishes the saga, it is coord-2.
    define(coord2, probeSaga(), probeSaga('probe-resume'));
    const saga = await ended(id);
    expect(saga.status).toBe('COMPLETED');
    expect(probe.calls.filter((c) => c.key.startsWith(id)).map((c) => [c.key, c.node])).toEqual([
      [`${id}:s2`, 'coord-2'],
      [`${id}:s3`, 'coord-2'],
    ]);
    expect(saga.steps[1]).toMatchObject({ status: 'DONE', attempts: 2 });
  });

  it('a coordinator stopped mid-step finishes that try, hands the saga back, and another node completes it', async () => {
    const coord3 = await platform.addNode(['sagas'], 'coord-3');
    define(coord3, probeSaga());
    const id = uid('handover');
    probe.set(id, 's2', { slowMs: 300 });
    await coord3.call('sagas.start', { type: 'probe', id, data: {} }, { ...sys, nodeID: 'coord-3' });
    await eventually(async () => probe.keysOf(id).includes(`${id}:s2`));
    await coord3.stop();
    const saga = await ended(id);
    expect(saga.status).toBe('COMPLETED');
    expect(probe.keysOf(id)).toEqual([`${id}:s1`, `${id}:s2`, `${id}:s3`]);
    expect(probe.calls.find((c) => c.key === `${id}:s3`)!.node).not.toBe('coord-3');
  });

  it('two coordinators racing for the same sagas never run one twice: each participant call happens once per key', async () => {
    const ids = Array.from({ length: 12 }, () => uid('race'));
    for (const id of ids) await orphan(id, 'probe');
    // And both nodes asked to start the same new sagas at the same moment.
    const fresh = Array.from({ length: 6 }, () => uid('twice'));
    await Promise.all(
      fresh.flatMap((id) => [
        start(id),
        coord2.call('sagas.start', { type: 'probe', id, data: {} }, { ...sys, nodeID: 'coord-2' }),
      ]),
    );
    for (const id of [...ids, ...fresh]) expect((await ended(id, 15_000)).status).toBe('COMPLETED');
    expect(probe.repeatedKeys([...ids, ...fresh])).toEqual([]);
    for (const id of ids) expect(probe.keysOf(id)).toEqual([`${id}:s2`, `${id}:s3`]);
    for (const id of fresh) expect(probe.keysOf(id)).toEqual([`${id}:s1`, `${id}:s2`, `${id}:s3`]);
  }, 30_000);
});
