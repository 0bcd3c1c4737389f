import { SagaEngine, type SagaCaller } from './saga.engine';
import type { SagaDoc } from './saga.state';
import { initialState } from './saga.state';
import type { SagaDefinition, SagaStep } from './saga.types';
import { MemoryRepository } from './testing/memory.repository';

type Call = { action: string; key: string; timeoutMs: number; stepStatusAtCall?: string };
const quiet = { info: () => undefined, warn: () => undefined };
const until = async (probe: () => boolean | Promise<boolean>, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A participant per action: answers, or fails the way `script` says for the n-th call of a key. */
function world(script: Record<string, (n: number) => unknown> = {}) {
  const repo = new MemoryRepository();
  const calls: Call[] = [];
  const seen = new Map<string, number>();
  const call: SagaCaller = async (action, _params, { sagaId, idempotencyKey, timeoutMs }) => {
    const doc = repo.docs.get(sagaId)!;
    const stepId = idempotencyKey.split(':')[1];
    calls.push({ action, key: idempotencyKey, timeoutMs, stepStatusAtCall: doc.steps.find((s) => s.id === stepId)?.status });
    const n = (seen.get(idempotencyKey) ?? 0) + 1;
    seen.set(idempotencyKey, n);
    return script[action]?.(n) ?? { ok: action };
  };
  const engine = (owner = 'node-1', leaseMs = 1_000) =>
    new SagaEngine({ repo, call, owner, leaseMs, defaultDeadlineMs: 500, log: quiet });
  return { repo, calls, engine };
}
const step = (id: string, extra: Partial<SagaStep> = {}): SagaStep => ({
  id,
  invoke: async (ctx) => ({ [id]: await ctx.call(`p.${id}`, {}) }),
  compensate: async (ctx) => void (await ctx.call(`p.undo-${id}`, {})),
  ...extra,
});
const def = (steps: SagaStep[], extra: Partial<SagaDefinition> = {}): SagaDefinition => ({
  type: 'test',
  steps,
  compensationRetry: { attempts: 3, backoffMs: 5 },
  ...extra,
});
const ended = (repo: MemoryRepository, id: string) => () =>
  ['COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION'].includes(repo.docs.get(id)?.status ?? '');

describe('saga engine', () => {
  it('persists each step RUNNING before calling its participant, with the key sagaId:stepId and the time left', async () => {
    const w = world();
    const e = w.engine();
    e.define(def([step('a'), step('b', { deadlineMs: 300 })]));
    const first = await e.start('test', 's1', { x: 1 });
    expect(first).toMatchObject({ created: true, saga: { status: 'RUNNING', version: 1 } });
    await until(ended(w.repo, 's1'));
    expect(w.calls.map((c) => [c.action, c.key, c.stepStatusAtCall])).toEqual([
      ['p.a', 's1:a', 'RUNNING'],
      ['p.b', 's1:b', 'RUNNING'],
    ]);
    expect(w.calls[1].timeoutMs).toBeGreaterThan(250);
    expect(w.calls[1].timeoutMs).toBeLessThanOrEqual(300);
    const doc = w.repo.docs.get('s1')!;
    expect(doc).toMatchObject({ status: 'COMPLETED', data: { x: 1, a: { ok: 'p.a' }, b: { ok: 'p.b' } }, leaseOwner: 'node-1' });
    // Before and after each step, then the end.
    expect(w.repo.writes.map((d) => d.steps.map((s) => s.status).join(','))).toEqual(
      expect.arrayContaining(['PENDING,PENDING', 'RUNNING,PENDING', 'DONE,PENDING', 'DONE,RUNNING', 'DONE,DONE']),
    );
    expect(await e.start('test', 's1', {})).toMatchObject({ created: false, saga: { status: 'COMPLETED' } });
  });

  it('a try past its deadline fails retryably; exhausted, the step and those before it are compensated with :compensate keys', async () => {
    const w = world();
    const e = w.engine();
    const hang: SagaStep = step('slow', {
      deadlineMs: 30,
      retry: { attempts: 2, backoffMs: 5 },
      invoke: () => new Promise(() => undefined),
    });
    e.define(def([step('a'), hang], { onFailure: async (ctx) => void (await ctx.call('p.fail', { step: ctx.failedStep })) }));
    await e.start('test', 's2', {});
    await until(ended(w.repo, 's2'));
    const doc = w.repo.docs.get('s2')!;
    expect(doc.status).toBe('COMPENSATED');
    expect(doc.steps[1]).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      errorCode: 504,
      error: 'slow exceeded its 30 ms deadline',
    });
    expect(w.calls.map((c) => c.key)).toEqual(['s2:a', 's2:slow:compensate', 's2:a:compensate', 's2:on-failure']);
  });

  it('a driver that finds its saga changed by someone else stops without another call', async () => {
    const w = world({ 'p.a': () => new Promise((r) => setTimeout(() => r('late'), 60)) });
    const e = w.engine();
    e.define(def([step('a'), step('b')]));
    await e.start('test', 's3', {});
    await until(() => w.calls.length === 1);
    // Another coordinator takes the saga over meanwhile (a write with the current version).
    const doc = w.repo.docs.get('s3')!;
    await w.repo.save({ ...doc, leaseOwner: 'node-2' }, doc.version!);
    await new Promise((r) => setTimeout(r, 150));
    expect(w.calls.map((c) => c.key)).toEqual(['s3:a']);
    expect(w.repo.docs.get('s3')).toMatchObject({ status: 'RUNNING', leaseOwner: 'node-2' });
  });

  it('resumes lapsed sagas it knows; two engines racing for them drive each exactly once', async () => {
    const w = world();
    const [one, two] = [w.engine('node-1'), w.engine('node-2')];
    for (const e of [one, two]) e.define(def([step('a'), step('b')]));
    const ids = Array.from({ length: 10 }, (_, i) => `lapsed-${i}`);
    for (const id of ids) {
      const state = initialState(id, 'test', ['a', 'b'], {}, 1);
      state.steps[0] = { ...state.steps[0], status: 'DONE', attempts: 1 };
      state.steps[1] = { ...state.steps[1], status: 'RUNNING', attempts: 1, tries: 1 };
      await w.repo.create({ ...state, leaseOwner: 'dead', leaseUntil: Date.now() - 1 } as SagaDoc);
    }
    await w.repo.create({ ...initialState('alien', 'other', ['z'], {}, 1), leaseUntil: 0 });
    const taken = await Promise.all([one.resumeLapsed(), two.resumeLapsed()]);
    expect(taken[0] + taken[1]).toBe(10);
    for (const id of ids) await until(ended(w.repo, id));
    const keys = w.calls.map((c) => c.key).sort();
    expect(keys).toEqual(ids.map((id) => `${id}:b`).sort());
    // A type neither knows stays for a node that does.
    expect(w.repo.docs.get('alien')).toMatchObject({ status: 'RUNNING', leaseUntil: 0 });
  });

  it('keeps its lease while a step runs longer than the lease, so no resumer takes it', async () => {
    const w = world({ 'p.a': () => new Promise((r) => setTimeout(() => r('done'), 250)) });
    const [one, two] = [w.engine('node-1', 90), w.engine('node-2', 90)];
    for (const e of [one, two]) e.define(def([step('a', { deadlineMs: 1_000 })]));
    await one.start('test', 's4', {});
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 30));
      expect(await two.resumeLapsed()).toBe(0);
    }
    await until(ended(w.repo, 's4'));
    expect(w.calls).toHaveLength(1);
  });

  it("an operator's forced compensation does not wait for the driver's retry backoff", async () => {
    const w = world({ 'p.b': () => Promise.reject(Object.assign(new Error('down'), { code: 503 })) });
    const e = w.engine();
    e.define(def([step('a'), step('b', { retry: { attempts: 5, backoffMs: 10_000 } })]));
    await e.start('test', 's6', {});
    await until(() => w.calls.length === 2);
    const begun = Date.now();
    expect(await e.compensate('s6')).toMatchObject({ status: 'COMPENSATING' });
    await until(ended(w.repo, 's6'));
    expect(Date.now() - begun).toBeLessThan(1_000);
    // b failed retryably (it may have applied): both are undone, and b was never tried again.
    expect(w.calls.map((c) => c.key)).toEqual(['s6:a', 's6:b', 's6:b:compensate', 's6:a:compensate']);
    expect(w.repo.docs.get('s6')).toMatchObject({
      status: 'COMPENSATED',
      failure: { step: 'b', message: 'compensation forced by an operator' },
    });
  });

  it('stopping wakes a driver waiting to retry and hands its lease back for another node to resume', async () => {
    const w = world({ 'p.a': (n) => Promise.reject(Object.assign(new Error('down'), { code: 503, n })) });
    const e = w.engine();
    e.define(def([step('a', { retry: { attempts: 5, backoffMs: 10_000 } })]));
    await e.start('test', 's5', {});
    await until(() => w.calls.length === 1);
    const begun = Date.now();
    await e.stop(2_000);
    expect(Date.now() - begun).toBeLessThan(1_000);
    await until(() => w.repo.docs.get('s5')!.leaseUntil === 0);
    expect(w.repo.docs.get('s5')).toMatchObject({
      status: 'RUNNING',
      steps: [{ status: 'RUNNING', attempts: 1, error: 'down' }],
    });
  });
});
