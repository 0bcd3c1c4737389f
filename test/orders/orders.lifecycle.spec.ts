import { randomUUID } from 'node:crypto';
import type { Order } from '../../services/orders/orders.contract';
import { eventually } from '../support/eventually';
import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 90_000);
afterAll(() => w?.platform.stop());

const { checkout, view, step, placed, expectConsistent } = orderHelpers(() => w);

describe('reading orders', () => {
  it('shows an order to its owner, support and admins; another customer gets 404', async () => {
    const { who, id } = await placed();
    expect((await w.req('GET', `/orders/${id}`, { as: who })).status).toBe(200);
    expect((await w.req('GET', `/orders/${id}`, { as: w.cast.support })).status).toBe(200);
    expect((await w.req('GET', `/orders/${id}`, { as: w.cast.admin })).status).toBe(200);
    const stranger = await w.req('GET', `/orders/${id}`, { as: w.cast.customerB });
    const missing = await w.req('GET', `/orders/${randomUUID()}`, { as: w.cast.customerB });
    expect([stranger.status, stranger.body]).toEqual([missing.status, missing.body]);
    expect(stranger.status).toBe(404);
    expect((await w.req('GET', `/orders/${id}`)).status).toBe(401);
  });

  it('lists the caller’s own orders, newest first, paged', async () => {
    const who = await w.cast.newCustomer();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await w.fillCart(who, [['POSTER-A', i + 1]]);
      ids.push((await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' })).body.id as string);
      // What the checkout saga (a stand-in here) does once the order is confirmed.
      await w.system('carts.settle', { userId: who.id, orderId: ids[i] });
    }
    const page1 = await w.req('GET', '/orders?pageSize=2', { as: who });
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    const rows = page1.body.rows as { id: string; itemCount: number; status: string }[];
    expect(rows.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(rows[0]).toMatchObject({ itemCount: 3, status: 'PENDING', totals: { total: { amount: 3 * 990, currency: 'EUR' } } });
    const page2 = await w.req('GET', '/orders?pageSize=2&page=2', { as: who });
    expect((page2.body.rows as { id: string }[]).map((r) => r.id)).toEqual([ids[0]]);
    expect((await w.req('GET', '/orders', { as: w.cast.customerB })).body.rows).toEqual([]);
  });
  it('shows what each line paid; an order stored before per-line pricing was kept still reads', async () => {
    const { who, id } = await placed();
    const items = (await view(id, who)).items;
    expect(items[0].pricing).toEqual({ subtotal: 2500, discount: 0, shipping: 0, tax: 0, total: 2500, adjustments: [] });
    await w.orders.update(id, { $set: { items: items.map(({ pricing: _p, ...item }) => item) } });
    const old = await w.req('GET', `/orders/${id}`, { as: who });
    expect(old.status).toBe(200);
    expect((old.body.items as Record<string, unknown>[]).map((i) => [i.sku, i.lineTotal, i.pricing])).toEqual([
      ['MUG-RED', { amount: 2500, currency: 'EUR' }, undefined],
      ['POSTER-A', { amount: 990, currency: 'EUR' }, undefined],
    ]);
  });
});

describe('the saga-facing transitions', () => {
  it('confirm: logged, published and replayable; a repeated step key changes nothing; no admin ship or deliver route', async () => {
    const { who, id } = await placed();
    const confirmed = await step('confirm', id, `${id}:confirm-order`);
    expect(confirmed).toMatchObject({
      orderId: id,
      userId: who.id,
      from: 'PENDING',
      to: 'CONFIRMED',
      changed: true,
      total: { amount: 3490, currency: 'EUR' },
    });
    expect(await step('confirm', id, `${id}:confirm-order`)).toEqual(confirmed);
    // A new key on an order already there: success, nothing written.
    expect(await step('confirm', id, `${id}:confirm-order-again`)).toMatchObject({ to: 'CONFIRMED', changed: false });
    expect(await w.events.count({ filter: { orderId: id } })).toBe(2);
    await expectConsistent(id);

    // Shipments move the order now (orders.fulfilment.spec.ts): the admin buttons are gone.
    for (const route of ['ship', 'deliver'])
      expect([404, 405]).toContain((await w.req('POST', `/orders/${id}/${route}`, { as: w.cast.admin, body: {} })).status);
    const final = await expectConsistent(id);
    expect(final).toMatchObject({ status: 'CONFIRMED', version: 2 });
    const shown = await view(id, who);
    expect(shown.history.map((h) => [h.from, h.to, h.reason])).toEqual([
      [undefined, 'PENDING', undefined],
      ['PENDING', 'CONFIRMED', undefined],
    ]);
    expect(shown.fulfilment).toEqual({
      status: 'UNFULFILLED',
      lines: [
        { sku: 'MUG-RED', ordered: 2, shipped: 0, delivered: 0 },
        { sku: 'POSTER-A', ordered: 1, shipped: 0, delivered: 0 },
      ],
    });
    const published = await eventually(async () => {
      const seen = w.sagas.statusEvents.filter((e) => e.orderId === id);
      return seen.length === 1 && seen;
    });
    expect(published[0]).toMatchObject({ to: 'CONFIRMED', userId: who.id, total: { amount: 3490, currency: 'EUR' } });
  });

  it('reject and markCancelled end a PENDING order with the reason; illegal ones are 409 ILLEGAL_TRANSITION', async () => {
    const rejected = await placed();
    expect(await step('reject', rejected.id, `${rejected.id}:reserve`, 'out of stock: LAMP-1')).toMatchObject({
      to: 'REJECTED',
      reason: 'out of stock: LAMP-1',
    });
    expect((await view(rejected.id, rejected.who)).reason).toBe('out of stock: LAMP-1');
    await expect(step('confirm', rejected.id, `${rejected.id}:confirm-order`)).rejects.toMatchObject({
      code: 409,
      type: 'ILLEGAL_TRANSITION',
    });
    await expectConsistent(rejected.id);

    const declined = await placed();
    expect(await step('markCancelled', declined.id, `${declined.id}:authorize`, 'payment declined')).toMatchObject({
      from: 'PENDING',
      to: 'CANCELLED',
    });
    await expect(step('reject', declined.id, `${declined.id}:x`, 'late')).rejects.toMatchObject({
      code: 409,
      type: 'ILLEGAL_TRANSITION',
    });
    await expectConsistent(declined.id);

    await expect(step('confirm', randomUUID(), 'nope:confirm')).rejects.toMatchObject({ code: 404 });
    await expect(step('reject', declined.id, 'k')).rejects.toMatchObject({ code: 422 });
    // Internal only: the gateway routes none of them.
    // (405: POST has no route there; GET /orders/:id is a different action.)
    expect([404, 405]).toContain(
      (await w.req('POST', `/orders/confirm`, { as: w.cast.admin, body: { orderId: declined.id } })).status,
    );
  });

  it('a confirm racing a reject: exactly one wins, the loser re-reads and gets 409, the log still replays', async () => {
    const { id } = await placed();
    const outcomes = await Promise.allSettled([step('confirm', id, `${id}:c`), step('reject', id, `${id}:r`, 'out of stock')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { type: 'ILLEGAL_TRANSITION' } });
    const stored = await expectConsistent(id);
    expect(stored.version).toBe(2);
  });

  it('orders.get gives the saga the whole order, payment token included', async () => {
    const { who, id } = await placed();
    const order = await w.system<Order>('orders.get', { orderId: id });
    expect(order).toMatchObject({
      id,
      userId: who.id,
      status: 'PENDING',
      payment: { token: 'tok_visa' },
      totals: { total: 3490 },
    });
  });
});

describe('cancelling', () => {
  it('a confirmed order starts the cancel-order saga (202); pending is 409; cancelled is ILLEGAL_TRANSITION', async () => {
    const { who, id } = await placed();
    const early = await w.req('POST', `/orders/${id}/cancel`, { as: who, body: {} });
    expect([early.status, early.body.error?.type]).toEqual([409, 'CHECKOUT_IN_PROGRESS']);

    await step('confirm', id, `${id}:confirm-order`);
    expect((await w.req('POST', `/orders/${id}/cancel`, { as: w.cast.customerB, body: {} })).status).toBe(404);
    const res = await w.req('POST', `/orders/${id}/cancel`, { as: who, body: { reason: 'changed my mind' } });
    expect([res.status, res.body]).toEqual([202, { id, status: 'CONFIRMED', cancellation: `cancel:${id}` }]);
    expect(w.sagas.started.get(`cancel:${id}`)).toEqual({
      type: 'cancel-order',
      id: `cancel:${id}`,
      data: {
        orderId: id,
        userId: who.id,
        reason: 'changed my mind',
        amount: { amount: 3490, currency: 'EUR' },
        lines: expect.any(Array),
      },
    });
    // What the cancel saga's first step does; afterwards there is nothing left to cancel.
    await step('markCancelled', id, `cancel:${id}:mark-cancelled`, 'changed my mind');
    const again = await w.req('POST', `/orders/${id}/cancel`, { as: who, body: {} });
    expect([again.status, again.body.error?.type]).toEqual([409, 'ILLEGAL_TRANSITION']);
    // A shipped one: orders.fulfilment.spec.ts (409 ORDER_ALREADY_SHIPPED).
  });
});
