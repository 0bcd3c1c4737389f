import type { ClaimDoc } from '../../services/returns/returns.ops';
import { returnsWorld, type ReturnsWorld } from './returns.world';

/** Staff decisions and the policy on the real servers: approve is idempotent, reject gives the units back. */
let rw: ReturnsWorld;
beforeAll(async () => {
  rw = await returnsWorld();
  // Every request here waits for staff.
  const policy = (await rw.w.req('GET', '/admin/returns/settings', { as: rw.w.cast.admin })).body;
  const { reasons: _r, ...rest } = policy as Record<string, unknown>;
  const saved = await rw.w.req('PUT', '/admin/returns/settings', {
    as: rw.w.cast.admin,
    body: { ...rest, autoApprove: { enabled: false, below: [] } },
  });
  expect(saved.status).toBe(200);
}, 120_000);
afterAll(() => rw?.w.platform.stop(), 60_000);

const body = (quantity = 1) => ({ lines: [{ sku: 'MUG-RED', quantity, reason: 'changed-mind' }], resolution: 'refund' });

it('approve answers 200 twice with the same return; the saga hears the decision; one return.approved', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  const made = await w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: body() });
  expect(made.body.status).toBe('requested');
  const id = made.body.id as string;
  expect(w.sagas.started.get(id)?.data).toMatchObject({ approved: false });

  const first = await w.req('POST', `/admin/returns/${id}/approve`, { as: w.cast.admin, body: {} });
  const second = await w.req('POST', `/admin/returns/${id}/approve`, { as: w.cast.admin, body: {} });
  expect([first.status, second.status]).toEqual([200, 200]);
  expect(first.body).toMatchObject({ id, status: 'approved', version: 2 });
  expect(second.body).toEqual(first.body);
  expect(rw.signals.filter((s) => s.sagaId === id)).toEqual([
    { sagaId: id, signal: 'decision', key: 'approve', data: { decision: 'approved' } },
    { sagaId: id, signal: 'decision', key: 'approve', data: { decision: 'approved' } },
  ]);
  expect(await rw.events('return.approved', id)).toHaveLength(1);
  // Past the decision: rejecting is a conflict, support may not decide.
  const late = await w.req('POST', `/admin/returns/${id}/reject`, { as: w.cast.admin, body: { reason: 'too late' } });
  expect([late.status, late.body.error?.type]).toEqual([409, 'RETURN_STATUS_CONFLICT']);
  expect((await w.req('POST', `/admin/returns/${id}/approve`, { as: w.cast.support, body: {} })).status).toBe(403);
}, 60_000);

it('reject releases the claimed units in the same unit: a new request takes them at once', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(2);
  const ask = (quantity: number) => w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: body(quantity) });
  const made = await ask(2);
  expect(made.status).toBe(201);
  expect((await ask(1)).status).toBe(422);
  const id = made.body.id as string;

  const rejected = await w.req('POST', `/admin/returns/${id}/reject`, { as: w.cast.admin, body: { reason: 'Worn' } });
  expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Worn' });
  const claim = await rw.store().collection<ClaimDoc>('claims').get(`${order.id}:MUG-RED`);
  expect(claim).toMatchObject({ delivered: 2, requested: 0 });
  expect(rw.signals.filter((s) => s.sagaId === id)).toEqual([
    { sagaId: id, signal: 'decision', key: 'reject', data: { decision: 'rejected', reason: 'Worn' } },
  ]);
  // Again: unchanged, the claim not released twice.
  expect((await w.req('POST', `/admin/returns/${id}/reject`, { as: w.cast.admin, body: { reason: 'Worn' } })).status).toBe(200);
  expect((await rw.store().collection<ClaimDoc>('claims').get(`${order.id}:MUG-RED`))?.requested).toBe(0);
  expect((await ask(2)).status).toBe(201);
  const receiving = await w.req('POST', `/admin/returns/${id}/receive`, {
    as: w.cast.admin,
    body: { warehouse: 'east', lines: [{ sku: 'MUG-RED', quantity: 1, condition: 'resaleable' }] },
  });
  expect([receiving.status, receiving.body.error?.type]).toEqual([409, 'RETURN_STATUS_CONFLICT']);
}, 60_000);

it('settings and reasons: bad input is a 422 naming the field; a removed reason can no longer be chosen', async () => {
  const { w } = rw;
  const as = w.cast.admin;
  const bad = await w.req('PUT', '/admin/returns/settings', {
    as,
    body: { windowDays: 0, allowShipped: false, autoApprove: { enabled: true, below: [] }, refund: { refundShipping: 'sometimes' } },
  });
  expect(bad.status).toBe(422);
  expect(bad.body.error?.fields?.map((f) => f.field)).toEqual(expect.arrayContaining(['windowDays', 'refund.refundShipping']));
  // The same policy saved again (a retry) answers the same, version unmoved; a stale version is refused.
  const current = (await w.req('GET', '/admin/returns/settings', { as })).body as Record<string, unknown>;
  const { reasons: _r, version, ...policy } = current;
  const again = await w.req('PUT', '/admin/returns/settings', { as, body: { ...policy, version } });
  expect(again.body).toEqual(current);
  const stale = await w.req('PUT', '/admin/returns/settings', { as, body: { ...policy, windowDays: 60, version: 0 } });
  expect([stale.status, stale.body.error?.type]).toEqual([409, 'VERSION_CONFLICT']);

  const added = await w.req('PUT', '/admin/return-reasons/too-small', { as, body: { label: 'Too small' } });
  expect(added.body).toMatchObject({ id: 'too-small', label: 'Too small', active: true });
  const listed = await w.req('GET', '/admin/return-reasons', { as: w.cast.support });
  expect((listed.body.rows as { id: string }[]).map((r) => r.id)).toEqual(
    expect.arrayContaining(['changed-mind', 'damaged', 'wrong-item', 'not-as-described', 'too-small']),
  );
  const order = await rw.deliveredOrder(1);
  expect((await w.req('DELETE', '/admin/return-reasons/too-small', { as })).body).toMatchObject({ active: false });
  const refused = await w.req('POST', `/orders/${order.id}/returns`, {
    as: order.who,
    body: { lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'too-small' }], resolution: 'refund' },
  });
  expect([refused.status, refused.body.error?.fields?.map((f) => f.field)]).toEqual([422, ['lines[0].reason']]);
  expect((await w.req('PUT', '/admin/return-reasons/too-small', { as: w.cast.support, body: { label: 'x' } })).status).toBe(403);
}, 60_000);

it('a return whose saga failed to start gets it at the next decision or receipt, as the return stands', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  w.sagas.failNext = 1;
  const made = await w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: body() });
  expect(made.status).toBe(201);
  const id = made.body.id as string;
  expect(w.sagas.started.has(id)).toBe(false);

  expect((await w.req('POST', `/admin/returns/${id}/approve`, { as: w.cast.admin, body: {} })).status).toBe(200);
  expect(w.sagas.started.get(id)).toMatchObject({ type: 'return', data: { returnId: id, approved: true } });
  const received = await w.req('POST', `/admin/returns/${id}/receive`, {
    as: w.cast.admin,
    body: { warehouse: 'east', lines: [{ sku: 'MUG-RED', quantity: 1, condition: 'resaleable' }] },
  });
  expect(received.status).toBe(202);
  expect(rw.signals.filter((s) => s.sagaId === id).map((s) => s.signal)).toEqual(['receipt']);
}, 60_000);
