import { SagaEngine, type SagaCaller } from './saga.engine';
import type { SagaDefinition, SagaStep } from './saga.types';
import { MemoryRepository } from './testing/memory.repository';
import { refusal, unavailable } from './testing/scripted-world';

const quiet = { info: () => undefined, warn: () => undefined };
const until = async (probe: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Participants `p` (the step) and `q` (its undo), each up or down as the test says. */
function world(retryBudgetMs = 20) {
  const repo = new MemoryRepository();
  const down = new Set<string>();
  const calls: string[] = [];
  const call: SagaCaller = async (action) => {
    calls.push(action);
    if (down.has(action.split('.')[0])) throw unavailable(action);
    if (action === 'p.refuse') throw refusal(409, 'NOPE');
    return {};
  };
  const engine = new SagaEngine({ repo, call, owner: 'n1', leaseMs: 1_000, defaultDeadlineMs: 500, retryBudgetMs, log: quiet });
  const status = (id: string) => repo.docs.get(id)?.status;
  return { repo, down, calls, engine, status };
}
const def = (steps: SagaDefinition['steps']): SagaDefinition => ({
  type: 'test',
  steps,
  compensationRetry: { attempts: 2, backoffMs: 1 },
});
const undoable: SagaStep = {
  id: 'hold',
  invoke: async () => undefined,
  compensate: async (ctx) => void (await ctx.call('q.undo', {})),
};
const refusing: SagaStep = {
  id: 'pay',
  invoke: async (ctx) => void (await ctx.call('p.refuse', {})),
};

describe('sagas and outages', () => {
  it('a saga parked by an outage resumes on its own once that service is back, and ends', async () => {
    const w = world();
    w.engine.define(def([undoable, refusing]));
    w.down.add('q');
    await w.engine.start('test', 's1', {});
    await until(() => w.status('s1') === 'NEEDS_ATTENTION');
    expect(w.repo.docs.get('s1')!.parked).toMatchObject({ waitingFor: 'q' });

    // Another service coming back changes nothing; q's return resumes it.
    expect(await w.engine.participantsChanged((s) => s === 'p')).toBe(0);
    expect(w.status('s1')).toBe('NEEDS_ATTENTION');
    w.down.delete('q');
    expect(await w.engine.participantsChanged((s) => s === 'q')).toBe(1);
    await until(() => w.status('s1') === 'COMPENSATED');
    expect(w.repo.docs.get('s1')!.autoResumes).toBe(1);
    await w.engine.stop(100);
  });

  it('a saga parked by an answer is left to an operator', async () => {
    const w = world();
    const mustPay: SagaStep = { ...refusing, mustComplete: true, retry: { attempts: 1, backoffMs: 1 } };
    w.engine.define(def([mustPay]));
    await w.engine.start('test', 's2', {});
    await until(() => w.status('s2') === 'NEEDS_ATTENTION');
    expect(await w.engine.participantsChanged(() => true)).toBe(0);
    expect(w.status('s2')).toBe('NEEDS_ATTENTION');
    await w.engine.stop(100);
  });

  it('a saga waiting out a long backoff tries again at once when participants change', async () => {
    const w = world();
    const slow: SagaStep = {
      id: 'wait',
      retry: { attempts: 3, backoffMs: 60_000 },
      invoke: async (ctx) => void (await ctx.call('r.do', {})),
    };
    w.engine.define(def([slow]));
    w.down.add('r');
    await w.engine.start('test', 's3', {});
    await until(() => w.calls.length === 1 && w.repo.docs.get('s3')!.steps[0].error !== undefined);
    w.down.delete('r');
    await w.engine.participantsChanged(() => true);
    await until(() => w.status('s3') === 'COMPLETED', 1_000);
    await w.engine.stop(100);
  });
});
