import { randomBytes } from 'node:crypto';
import type { SagaDefinition } from '../../sagas/saga.types';
import type { SagaView } from '../../sagas/saga.view';
import { eventually } from '../support/eventually';
import { startPlatform, type Platform } from '../support/platform';
import { define } from './probe.participants';

/**
 * The coordinator listens to the registry: a saga parked because its participant was not there
 * resumes on its own when a node serving that participant joins, with no operator.
 */
describe('saga resumed when its participant returns', () => {
  let platform: Platform;
  let sys: { meta: { user: unknown } };
  const service = `late${randomBytes(3).toString('hex')}`;
  const calls: string[] = [];

  beforeAll(async () => {
    // No time budget (tries only) and a resume pass far away: only the registry event can resume it.
    platform = await startPlatform(['sagas'], { SAGA_RETRY_BUDGET_MS: '0', SAGA_RESUME_INTERVAL_MS: '600000' });
    sys = { meta: { user: (await import('../../mixins/access/access.types')).SYSTEM_PRINCIPAL } };
    const late: SagaDefinition = {
      type: 'late',
      steps: [
        {
          id: 'deliver',
          retry: { attempts: 2, backoffMs: 10 },
          mustComplete: true,
          invoke: async (ctx) => void (await ctx.call(`${service}.take`, { id: ctx.sagaId })),
        },
      ],
    };
    define(platform.broker, late);
  }, 60_000);
  afterAll(() => platform?.stop());

  const view = (id: string) => platform.broker.call<SagaView, unknown>('sagas.get', { id }, sys);

  it('parks naming the absent service, and completes once a node serving it joins', async () => {
    const id = `late-${randomBytes(5).toString('hex')}`;
    await platform.broker.call('sagas.start', { type: 'late', id, data: {} }, sys);
    const parked = await eventually(async () => ((s) => s.status === 'NEEDS_ATTENTION' && s)(await view(id)), 10_000);
    expect(parked.parked).toMatchObject({ phase: 'RUNNING', waitingFor: service });
    expect(calls).toEqual([]);

    // Another service appearing changes nothing.
    await platform.addNode([], `bystander-${randomBytes(3).toString('hex')}`);
    await new Promise((r) => setTimeout(r, 500));
    expect((await view(id)).status).toBe('NEEDS_ATTENTION');

    const node = await platform.addNode([], `late-${randomBytes(3).toString('hex')}`);
    node.createService({
      name: service,
      actions: { take: { visibility: 'public', access: 'internal', idempotent: false, handler: () => void calls.push(id) } },
    });
    const done = await eventually(async () => ((s) => s.status === 'COMPLETED' && s)(await view(id)), 15_000);
    expect(done.parked).toBeUndefined();
    expect(calls).toEqual([id]);
  });
});
