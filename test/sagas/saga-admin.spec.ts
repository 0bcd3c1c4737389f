import { randomBytes } from 'node:crypto';
import type { SagaView } from '../../sagas/saga.view';
import { eventually } from '../support/eventually';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { freePort } from '../support/processes';
import { define, Probe, probeSaga, replPrint } from './probe.participants';

type Body = Record<string, unknown> & { error?: { type: string } };
const uid = (tag: string) => `${tag}-${randomBytes(5).toString('hex')}`;

/** The operators' side: admin routes, REPL commands, metrics. */
describe('saga operations', () => {
  let platform: Platform;
  let cast: Cast;
  let probe: Probe;
  let metricsPort: number;

  beforeAll(async () => {
    metricsPort = await freePort();
    platform = await startPlatform(['api', 'auth', 'sagas'], {
      ADMIN_PASSWORD,
      METRICS: 'true',
      METRICS_PORT: String(metricsPort),
      SAGA_RESUME_INTERVAL_MS: '200',
      // Parking is what these tests look at: no time budget beyond the tries.
      SAGA_RETRY_BUDGET_MS: '0',
    });
    probe = new Probe();
    platform.broker.createService(probe.service());
    await platform.broker.waitForServices(['probe']);
    define(platform.broker, probeSaga('ops'));
    cast = await castOf(platform.api);
  }, 60_000);
  afterAll(() => platform?.stop());

  const req = (method: string, route: string, token?: string) =>
    cast.call<Body>(method, `/admin/sagas${route}`, undefined, { token });
  const start = async (id: string, data: Record<string, unknown> = {}) => {
    const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
    return platform.broker.call('sagas.start', { type: 'ops', id, data }, { meta: { user: SYSTEM_PRINCIPAL } });
  };
  const statusOf = async (id: string) => ((await req('GET', `/${id}`, cast.admin.token)).body as unknown as SagaView).status;
  const reaches = (id: string, status: string) => eventually(async () => (await statusOf(id)) === status, 8_000);

  it('lists and shows sagas to support and admins only; a payment token in the data is masked', async () => {
    const id = uid('shown');
    await start(id, { orderId: id, paymentToken: 'tok_visa_secret' });
    await reaches(id, 'COMPLETED');
    expect((await req('GET', '')).status).toBe(401);
    expect((await req('GET', '', cast.customerA.token)).status).toBe(403);
    expect((await req('GET', `/${id}`, cast.customerA.token)).status).toBe(403);
    const list = await req('GET', '?status=COMPLETED&type=ops&pageSize=100', cast.support.token);
    expect(list.status).toBe(200);
    expect((list.body.rows as { id: string; status: string }[]).find((r) => r.id === id)).toMatchObject({
      status: 'COMPLETED',
      type: 'ops',
    });
    expect((await req('GET', '?status=RUNNING&type=ops', cast.admin.token)).body.rows).toEqual([]);
    const shown = await req('GET', `/${id}`, cast.support.token);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id, status: 'COMPLETED', data: { orderId: id, paymentToken: '[redacted]' } });
    expect(shown.text).not.toContain('tok_visa_secret');
    expect((shown.body.steps as { id: string; attempts: number }[]).map((s) => [s.id, s.attempts])).toEqual([
      ['s1', 1],
      ['s2', 1],
      ['s3', 1],
    ]);
    expect((await req('GET', '/no-such-saga', cast.admin.token)).status).toBe(404);
    expect((await req('GET', '?status=LOST', cast.admin.token)).status).toBe(422);
  });

  it('an admin retries a parked saga and force-compensates a running one; support may not; ended sagas answer 409', async () => {
    const parked = uid('parked');
    probe.set(parked, 's2', { refuse: true });
    probe.set(parked, 's1', { undoFails: 3 });
    await start(parked);
    await reaches(parked, 'NEEDS_ATTENTION');
    expect((await req('POST', `/${parked}/retry`, cast.support.token)).status).toBe(403);
    const retried = await req('POST', `/${parked}/retry`, cast.admin.token);
    expect(retried).toMatchObject({ status: 202, body: { id: parked, status: 'COMPENSATING' } });
    await reaches(parked, 'COMPENSATED');
    expect((await req('POST', `/${parked}/retry`, cast.admin.token)).body.error).toMatchObject({ type: 'SAGA_NOT_PARKED' });

    const running = uid('running');
    probe.set(running, 's2', { slowMs: 300 });
    await start(running);
    await eventually(async () => probe.keysOf(running).includes(`${running}:s2`));
    const forced = await req('POST', `/${running}/compensate`, cast.admin.token);
    expect(forced).toMatchObject({ status: 202, body: { status: 'COMPENSATING' } });
    await reaches(running, 'COMPENSATED');
    // s2 was in flight when the operator acted: it is undone too, and s3 never ran.
    expect(probe.keysOf(running)).toEqual([
      `${running}:s1`,
      `${running}:s2`,
      `${running}:s2:compensate`,
      `${running}:s1:compensate`,
    ]);
    const again = await req('POST', `/${running}/compensate`, cast.admin.token);
    expect(again).toMatchObject({ status: 409, body: { error: { type: 'SAGA_FINISHED' } } });
    expect((await req('POST', '/no-such-saga/compensate', cast.admin.token)).status).toBe(404);
  });

  it('REPL commands list, show, retry and compensate as the platform', async () => {
    const id = uid('repl');
    probe.set(id, 's3', { refuse: true });
    probe.set(id, 's2', { undoFails: 3 });
    await start(id);
    await reaches(id, 'NEEDS_ATTENTION');
    const printed = (name: string, args: Record<string, unknown>) => replPrint(platform.broker, name, args);
    expect(await printed('sagas', { status: 'needs_attention' })).toContain(`${id}  ops  NEEDS_ATTENTION  s2:compensate`);
    expect(await printed('saga', { id })).toMatch(/s3 +FAILED +x1 .*refused/);
    expect(await printed('saga-retry', { id })).toBe(`${id} is COMPENSATING again\n`);
    await reaches(id, 'COMPENSATED');
    expect(await printed('saga-compensate', { id })).toContain('409 SAGA_FINISHED');
    expect(await printed('saga', { id: 'nope' })).toContain('404');
  });

  it('counts sagas started, completed, compensated and parked per type, and step latency, in the broker metrics', async () => {
    const { counts } = await platform.broker.call<{ counts: Record<string, Record<string, number>> }, unknown>('sagas.stats', {});
    expect(counts).toMatchObject({ started: { ops: 4 }, completed: { ops: 1 }, compensated: { ops: 3 }, parked: { ops: 2 } });
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}\\{[^}]*type="ops"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1]);
    expect(value('sagas_started')).toBe(4);
    expect(value('sagas_completed')).toBe(1);
    expect(value('sagas_compensated')).toBe(3);
    expect(value('sagas_parked')).toBe(2);
    // Every try of s1 observed once (the four sagas each ran it).
    expect(text).toMatch(/^sagas_step_latency_bucket\{[^}]*type="ops",step="s1",le="\+Inf"\} 4$/m);
  });
});
