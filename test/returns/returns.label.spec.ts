import type { ReturnSnapshot } from '../../sagas/return/return.types';
import type { Return } from '../../services/returns/returns.contract';
import { returnsWorld, type ReturnsWorld } from './returns.world';

/**
 * The return label on the real servers with shipping beside returns: an order shipping never
 * tracked (delivered before shipments existed) still gets a label, to the warehouse returns names
 * (the order's reservation, or the policy's return warehouse); its customer reads the document.
 */
let rw: ReturnsWorld;
beforeAll(async () => {
  rw = await returnsWorld(['shipping']);
}, 120_000);
afterAll(() => rw?.w.platform.stop(), 60_000);

type Shipment = { id: string; kind: string; warehouse: string; carrier: string; trackingNumber: string; label: { url: string } };
const get = (returnId: string) => rw.w.system<Return & ReturnSnapshot>('returns.get', { returnId });

async function approvedReturn() {
  const order = await rw.deliveredOrder(1);
  const made = await rw.w.req('POST', `/orders/${order.id}/returns`, {
    as: order.who,
    body: { lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'changed-mind' }], resolution: 'refund' },
  });
  expect(made.body.status).toBe('approved');
  return { order, id: made.body.id as string };
}

/** What the label step does: returns.get, then shipping.createReturnLabel with the warehouse it names. */
async function labelAsTheSagaDoes(id: string, orderId: string, userId: string) {
  const ret = await get(id);
  const lines = ret.lines.map(({ sku, quantity }) => ({ sku, quantity }));
  const to = ret.warehouse ? { warehouse: ret.warehouse } : {};
  const s = await rw.w.system<Shipment>('shipping.createReturnLabel', { returnId: id, orderId, userId, lines, ...to });
  await rw.w.system('returns.recordLabel', { returnId: id, label: { carrier: s.carrier, trackingNumber: s.trackingNumber, url: s.label.url } });
  return s;
}

it('an order shipping never tracked: returns names the reservation’s warehouse and the label is made there', async () => {
  const { w } = rw;
  const { order, id } = await approvedReturn();
  // Without a warehouse shipping cannot tell where the parcel goes (the reported 422).
  const lines = [{ sku: 'MUG-RED', quantity: 1 }];
  await expect(w.system('shipping.createReturnLabel', { returnId: id, orderId: order.id, userId: order.who.id, lines })).rejects.toMatchObject({ code: 422 });
  await w.system('inventory.reserve', { orderId: order.id, lines }, { idempotencyKey: `${order.id}:reserve` });
  const reservation = await w.system<{ lines: { allocations: { warehouse: string }[] }[] }>('inventory.getReservation', { orderId: order.id });
  const from = reservation.lines[0].allocations[0].warehouse;
  expect(await get(id)).toMatchObject({ id, warehouse: from });
  const s = await labelAsTheSagaDoes(id, order.id, order.who.id);
  expect(s).toMatchObject({ id: `ret-${id}`, kind: 'return', warehouse: from });
}, 60_000);

it('GET /api/returns/:id/label: the document to its customer and to staff, 404 to anyone else and before the label', async () => {
  const { w } = rw;
  const { order, id } = await approvedReturn();
  const other = await w.cast.newCustomer();
  expect((await w.req('GET', `/returns/${id}/label`, { as: order.who })).status).toBe(404);
  // The policy's return warehouse wins over the reservation (none here): the label goes there.
  const policy = (await w.req('GET', '/admin/returns/settings', { as: w.cast.admin })).body as Record<string, unknown>;
  const { reasons: _r, ...rest } = policy;
  expect((await w.req('PUT', '/admin/returns/settings', { as: w.cast.admin, body: { ...rest, returnWarehouse: 'west' } })).status).toBe(200);
  expect(await get(id)).toMatchObject({ warehouse: 'west' });
  expect(await labelAsTheSagaDoes(id, order.id, order.who.id)).toMatchObject({ warehouse: 'west' });

  const mine = await w.req('GET', `/returns/${id}/label`, { as: order.who });
  expect([mine.status, mine.headers.get('content-type')]).toEqual([200, expect.stringContaining('application/pdf')]);
  expect(mine.text).toMatch(/\(return\)/);
  const staff = await w.req('GET', `/returns/${id}/label`, { as: w.cast.support });
  expect([staff.status, staff.text]).toEqual([200, mine.text]);
  expect((await w.req('GET', `/returns/${id}/label`, { as: other })).status).toBe(404);
  expect((await w.req('GET', `/returns/${id}/label`)).status).toBe(401);
}, 60_000);
