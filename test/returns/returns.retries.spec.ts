import type { ClaimDoc } from '../../services/returns/returns.ops';
import type { ReturnsThis } from '../../services/returns/returns.methods';
import { STALE_MS, sweepUnstartedSagas } from '../../services/returns/returns.saga-sweep';
import { returnsWorld, type ReturnsWorld } from './returns.world';

/**
 * What a retry, a lost saga start, an operator's compensation and a mistyped warehouse leave, on
 * the real servers: one return per Idempotency-Key however many requests race, a sweep that starts
 * the sagas that did not start, a compensated approved return ended cancelled, a bad warehouse
 * refused at the receive call.
 */
let rw: ReturnsWorld;
beforeAll(async () => {
  rw = await returnsWorld();
}, 120_000);
afterAll(() => rw?.w.platform.stop(), 60_000);

const body = (quantity = 1) => ({ lines: [{ sku: 'MUG-RED', quantity, reason: 'changed-mind' }], resolution: 'refund' });
const fieldsOf = (b: { error?: { fields?: { field: string }[] } }) => (b.error?.fields ?? []).map((f) => f.field);

it('10 identical requests with one Idempotency-Key make one return, all answered 201 with it; another body with the key is 422', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(3);
  const ask = (b: unknown, key?: string) => w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: b, key });
  const answers = await Promise.all(Array.from({ length: 10 }, () => ask(body(), 'ret-key-1')));
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
  expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  expect(await rw.store().collection('returns').count({ filter: { orderId: order.id } })).toBe(1);
  expect(await rw.store().collection<ClaimDoc>('claims').get(`${order.id}:MUG-RED`)).toMatchObject({ requested: 1 });

  const again = await ask(body(), 'ret-key-1');
  expect([again.status, again.body]).toEqual([201, answers[0].body]);
  const reused = await ask(body(2), 'ret-key-1');
  expect([reused.status, fieldsOf(reused.body)]).toEqual([422, ['Idempotency-Key']]);
  // Another customer's same key is theirs alone; without a key every request is a new return.
  expect((await ask(body(), 'ret-key-2')).status).toBe(201);
  expect((await ask(body())).status).toBe(201);
  expect(await rw.store().collection('returns').count({ filter: { orderId: order.id } })).toBe(3);
}, 90_000);

it('a return whose saga did not start is started by the sweep once it is a minute old, and only once', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  w.sagas.failNext = 1;
  const made = await w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: body() });
  expect(made.status).toBe(201);
  const id = made.body.id as string;
  expect(w.sagas.started.has(id)).toBe(false);
  const svc = rw.node.getLocalService('returns') as unknown as ReturnsThis;
  // Younger than a minute: its own start may still be under way.
  await sweepUnstartedSagas(svc);
  expect(w.sagas.started.has(id)).toBe(false);
  const later = Date.now() + STALE_MS + 1;
  await sweepUnstartedSagas(svc, later);
  expect(w.sagas.started.get(id)).toMatchObject({ type: 'return', id, data: { returnId: id, approved: true } });
  const calls = w.sagas.calls.filter((c) => c.id === id).length;
  await sweepUnstartedSagas(svc, later);
  expect(w.sagas.calls.filter((c) => c.id === id)).toHaveLength(calls);
}, 60_000);

it('an approved return the saga compensates ends cancelled: claims back, return.closed with status cancelled, once', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  const id = (await w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: body() })).body.id as string;
  await expect(w.system('returns.markRejected', { returnId: id, reason: 'x' })).rejects.toMatchObject({ code: 409 });
  const ended = await w.system('returns.markCancelled', { returnId: id, reason: 'return ended at operator' });
  expect(ended).toMatchObject({ id, status: 'cancelled', reason: 'return ended at operator' });
  expect(await w.system('returns.markCancelled', { returnId: id, reason: 'again' })).toEqual(ended);
  expect(await rw.store().collection<ClaimDoc>('claims').get(`${order.id}:MUG-RED`)).toMatchObject({ delivered: 1, requested: 0 });
  const closed = await rw.events('return.closed', id);
  expect(closed.map((e) => (e.payload.data as { status: string }).status)).toEqual(['cancelled']);
  expect((await w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: body() })).status).toBe(201);
}, 60_000);

it('receive refuses a warehouse inventory would refuse or does not know: 422 naming warehouse, nothing recorded', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  const id = (await w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: body() })).body.id as string;
  const receive = (warehouse?: string) =>
    w.req('POST', `/admin/returns/${id}/receive`, {
      as: w.cast.admin,
      body: { ...(warehouse ? { warehouse } : {}), lines: [{ sku: 'MUG-RED', quantity: 1, condition: 'resaleable' }] },
    });
  for (const bad of ['East', 'east_1', 'nowhere', undefined]) {
    const refused = await receive(bad);
    expect([bad, refused.status, fieldsOf(refused.body)]).toEqual([bad, 422, ['warehouse']]);
  }
  expect(await rw.store().collection('receipts').count({ filter: { returnId: id } })).toBe(0);
  expect((await receive('east')).status).toBe(202);
}, 60_000);
