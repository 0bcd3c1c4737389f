import type { ReturnDoc } from '../../services/returns/returns.ops';
import { returnsWorld, type ReturnsWorld } from './returns.world';

/** The customer's return request on the real servers: the contract as written, 422s naming fields, who sees what. */
let rw: ReturnsWorld;
beforeAll(async () => {
  rw = await returnsWorld();
}, 120_000);
afterAll(() => rw?.w.platform.stop(), 60_000);

const line = (quantity = 1, more: Record<string, unknown> = {}) => ({ sku: 'MUG-RED', quantity, reason: 'changed-mind', ...more });

it('a delivered order is returned as written: 201 {id, rma, status}; the owner and staff read it, others get 404', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(2);
  const res = await w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: { lines: [line()], resolution: 'refund' } });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({ id: expect.any(String), rma: expect.stringMatching(/^RMA-\d{6}$/), status: 'approved' });
  const id = res.body.id as string;

  const mine = await w.req('GET', `/returns/${id}`, { as: order.who });
  expect(mine.status).toBe(200);
  expect(mine.body).toMatchObject({ id, orderId: order.id, status: 'approved', refund: { amount: 0, currency: 'EUR' } });
  expect((await w.req('GET', `/returns/${id}`, { as: w.cast.support })).status).toBe(200);
  expect((await w.req('GET', `/returns/${id}`, { as: w.cast.customerB })).status).toBe(404);
  expect((await w.req('GET', `/returns/${id}`)).status).toBe(401);
  const list = await w.req('GET', '/me/returns', { as: order.who });
  expect(list.body).toMatchObject({ total: 1, rows: [{ id }] });
  expect(w.sagas.started.get(id)).toMatchObject({
    type: 'return',
    data: { returnId: id, orderId: order.id, userId: order.who.id, approved: true, resolution: 'refund' },
  });
}, 60_000);

it('bad requests are 422 naming the field and change nothing', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  const ask = (body: unknown, as = order.who) => w.req('POST', `/orders/${order.id}/returns`, { as, body });
  const fieldsOf = (r: Awaited<ReturnType<typeof ask>>) => (r.body.error?.fields ?? []).map((f) => f.field);
  const cases: [unknown, string][] = [
    [{ lines: [line(2)], resolution: 'refund' }, 'lines[0].quantity'],
    [{ lines: [line(0)], resolution: 'refund' }, 'lines[0].quantity'],
    [{ lines: [line(1, { reason: 'bored' })], resolution: 'refund' }, 'lines[0].reason'],
    [{ lines: [line(1, { sku: 'LAMP-1' })], resolution: 'refund' }, 'lines[0].sku'],
    [{ lines: [line()], resolution: 'store-credit' }, 'resolution'],
    [{ lines: [line()], resolution: 'exchange' }, 'exchangeFor'],
    [{ lines: [], resolution: 'refund' }, 'lines'],
  ];
  for (const [body, field] of cases) {
    const r = await ask(body);
    expect([r.status, fieldsOf(r)]).toEqual([422, expect.arrayContaining([field])]);
  }
  expect((await ask({ lines: [line()], resolution: 'refund' }, w.cast.customerB)).status).toBe(404);
  const rows = await rw.store().collection('returns').count({ filter: { orderId: order.id } });
  expect(rows).toBe(0);

  // Not delivered yet: the order field says why.
  const who = await w.cast.newCustomer();
  await w.fillCart(who, [['MUG-RED', 1]]);
  const placed = await w.req('POST', '/orders', { as: who, body: { shippingAddress: { name: 'A B', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' }, paymentToken: 'tok_visa' }, key: `k-${who.id}` });
  const early = await w.req('POST', `/orders/${placed.body.id}/returns`, { as: who, body: { lines: [line()], resolution: 'refund' } });
  expect([early.status, fieldsOf(early)]).toEqual([422, expect.arrayContaining(['order'])]);
}, 60_000);

it('an exchange is priced when requested: not for sale is a 422 naming the SKU; dearer than the credit is taken, the difference kept', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(2);
  const ask = (exchangeFor: unknown) =>
    w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body: { lines: [line()], resolution: 'exchange', exchangeFor } });
  const unknown = await ask([{ sku: 'NO-SUCH-SKU', quantity: 1 }]);
  expect([unknown.status, unknown.body.error?.fields?.map((f) => f.field)]).toEqual([422, ['exchangeFor[0].sku']]);

  const made = await ask([{ sku: 'POSTER-A', quantity: 1 }]);
  expect(made.status).toBe(201);
  const id = made.body.id as string;
  expect(await rw.store().collection('returns').get(id)).toMatchObject({ resolution: 'exchange', exchangePrice: 990, exchangeCharge: 0 });
  expect(w.sagas.started.get(id)?.data).toMatchObject({ resolution: 'exchange', exchangeFor: [{ sku: 'POSTER-A', quantity: 1 }] });

  const dear = await ask([{ sku: 'LAMP-1', quantity: 1 }]);
  expect(dear.status).toBe(201);
  const kept = await rw.store().collection<ReturnDoc>('returns').get(dear.body.id as string);
  // The charge is the price over the unit's credit: more than nothing, less than the whole price.
  expect(kept?.exchangeCharge).toBeGreaterThan(0);
  expect(kept?.exchangeCharge).toBeLessThan(kept!.exchangePrice!);
  const view = await w.req('GET', `/returns/${dear.body.id}`, { as: order.who });
  expect(view.body).not.toHaveProperty('exchangeCharge');
}, 60_000);
