import { randomUUID } from 'node:crypto';
import type { Order, OrderView, TransitionResult } from '../../services/orders/orders.contract';
import type { Store } from '../../mixins/store/store.types';
import { customerCartId } from '../../services/carts/carts.tokens.domain';
import { eventually } from '../support/eventually';
import type { Identity } from '../support/identities';
import { SHIPPING, startWorld, type World } from './orders.fixtures';

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 90_000);
afterAll(() => w?.platform.stop());

const key = () => `key-${randomUUID()}`;
/** `k` null sends no Idempotency-Key header at all. */
const checkout = (as: Identity, body: Record<string, unknown>, k: string | null = key()) =>
  w.req('POST', '/orders', { as, body, key: k ?? undefined });
const view = async (id: string, as: Identity) => (await w.req('GET', `/orders/${id}`, { as })).body as unknown as OrderView;
const step = (action: string, orderId: string, stepKey: string, reason?: string) =>
  w.system<TransitionResult>(`orders.${action}`, reason ? { orderId, reason } : { orderId }, { idempotencyKey: stepKey });
const ordersOf = async (userId: string) => w.orders.count({ filter: { userId } });

/** A customer with something in the cart and a card; returns what checkout needs. */
async function shopper(
  lines: [string, number][] = [
    ['MUG-RED', 2],
    ['POSTER-A', 1],
  ],
) {
  const who = await w.cast.newCustomer();
  await w.fillCart(who, lines);
  return who;
}

/** An order placed through the API, PENDING. */
async function placed(): Promise<{ who: Identity; id: string }> {
  const who = await shopper();
  const res = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
  expect(res.status).toBe(202);
  return { who, id: res.body.id as string };
}

/** The stored order equals its event log replayed, and the history store holds a row per status reached. */
async function expectConsistent(id: string) {
  const { replay } = await import('../../services/orders/orders.events');
  const stored = await w.orders.get(id);
  expect(replay(await w.events.find({ filter: { orderId: id } }))).toEqual(stored);
  const statuses = (await view(id, w.cast.admin)).history.map((h) => h.to);
  const log = await w.events.find({ filter: { orderId: id }, sort: ['seq'] });
  expect(statuses).toEqual(log.map((e) => (e.type === 'created' ? 'PENDING' : e.data.to)));
  return stored!;
}

describe('placing an order', () => {
  it('checks out the cart: 202, a PENDING order with the price snapshot and addresses, the saga started once', async () => {
    const who = await shopper();
    const addressId = await w.addAddress(who, 'Hamburg');
    const cardId = await w.addCard(who, 'tok_visa');
    const billing = { ...SHIPPING, name: 'Accounts Dept', city: 'Munich', postalCode: '80331' };
    const res = await checkout(who, { shippingAddressId: addressId, billingAddress: billing, paymentMethodId: cardId });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'PENDING' });
    const id = res.body.id as string;

    const order = await view(id, who);
    expect(order).toMatchObject({ id, userId: who.id, status: 'PENDING' });
    expect(order.items).toEqual([
      {
        sku: 'MUG-RED',
        productId: expect.any(String),
        name: 'mug',
        quantity: 2,
        unitPrice: { amount: 1250, currency: 'EUR' },
        lineTotal: { amount: 2500, currency: 'EUR' },
      },
      {
        sku: 'POSTER-A',
        productId: expect.any(String),
        name: 'poster',
        quantity: 1,
        unitPrice: { amount: 990, currency: 'EUR' },
        lineTotal: { amount: 990, currency: 'EUR' },
      },
    ]);
    expect(order.totals).toEqual({ currency: 'EUR', subtotal: 3490, discount: 0, tax: 0, shipping: 0, total: 3490 });
    expect(order.shippingAddress).toEqual({ addressId, ...SHIPPING, city: 'Hamburg' });
    expect(order.billingAddress).toEqual(billing);
    expect(order.payment).toEqual({ method: 'saved', paymentMethodId: cardId, brand: 'visa', last4: '4242' });
    expect(order.history).toEqual([{ to: 'PENDING', at: order.createdAt }]);
    expect(JSON.stringify(order)).not.toContain('tok_visa');

    expect(w.sagas.calls.filter((c) => c.id === id)).toEqual([
      {
        type: 'checkout',
        id,
        data: {
          orderId: id,
          userId: who.id,
          lines: [
            { sku: 'MUG-RED', quantity: 2 },
            { sku: 'POSTER-A', quantity: 1 },
          ],
          amount: { amount: 3490, currency: 'EUR' },
          paymentToken: 'tok_visa',
          reservationTtlMs: 900_000,
        },
      },
    ]);
    // The cart is held by the order until its checkout ends; a later price change does not touch the order's snapshot.
    expect((await w.req('GET', '/cart', { as: who })).body).toMatchObject({ lines: [{}, {}], checkoutOrderId: id });
    const mug = (await w.req('GET', '/products?search=mug')).body as { rows: { id: string }[] };
    await w.system('products.setPrices', { id: mug.rows[0].id, sku: 'MUG-RED', prices: [{ amount: 9999, currency: 'EUR' }] });
    expect((await view(id, who)).items[0].unitPrice).toEqual({ amount: 1250, currency: 'EUR' });
    await w.system('products.setPrices', { id: mug.rows[0].id, sku: 'MUG-RED', prices: [{ amount: 1250, currency: 'EUR' }] });
    await expectConsistent(id);
  });

  it('billing defaults to shipping; an inline token pays', async () => {
    const who = await shopper([['LAMP-1', 1]]);
    const res = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_chargeDeclined' });
    expect(res.status).toBe(202);
    const order = await view(res.body.id as string, who);
    expect(order.billingAddress).toEqual(SHIPPING);
    expect(order.payment).toEqual({ method: 'token' });
    expect(w.sagas.started.get(order.id)?.data.paymentToken).toBe('tok_chargeDeclined');
  });

  it('the same Idempotency-Key and body answers with the first order; with another body it is 422 naming the key', async () => {
    const who = await shopper();
    const k = key();
    const body = { shippingAddress: SHIPPING, paymentToken: 'tok_visa' };
    const first = await checkout(who, body, k);
    // Key order in the body does not matter: the fingerprint is of the canonical body.
    const again = await checkout(who, { paymentToken: 'tok_visa', shippingAddress: { ...SHIPPING } }, k);
    for (const res of [first, again]) expect([res.status, res.body]).toEqual([202, { id: first.body.id, status: 'PENDING' }]);
    for (const other of [
      { shippingAddress: { ...SHIPPING, city: 'Paris', country: 'FR' }, paymentToken: 'tok_visa' },
      { ...body, paymentToken: 'tok_other' },
      { shippingAddress: SHIPPING, billingAddress: SHIPPING, paymentToken: 'tok_visa' },
    ]) {
      const res = await checkout(who, other, k);
      expect(res.status).toBe(422);
      expect(res.body.error?.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    }
    expect(await ordersOf(who.id)).toBe(1);
    expect([...w.sagas.started.values()].filter((s) => s.data.userId === who.id)).toHaveLength(1);
    // The refused requests left the first order's hold on the cart as it was.
    expect((await w.req('GET', '/cart', { as: who })).body).toMatchObject({ lines: [{}, {}], checkoutOrderId: first.body.id });
    // Another customer's identical key is their own.
    const other = await shopper();
    const theirs = await checkout(other, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' }, k);
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it('one cart, one order: another key is 409 CART_CHECKED_OUT naming the order; the cart is held until the saga lets go', async () => {
    const who = await shopper();
    // A request refused for bad input leaves no hold behind.
    const bad = await checkout(who, { shippingAddressId: 'no-such-address', paymentToken: 'tok_visa' });
    expect(bad.status).toBe(422);
    const first = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(first.status).toBe(202);
    const id = first.body.id as string;
    const second = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect([second.status, second.body.error]).toEqual([
      409,
      { type: 'CART_CHECKED_OUT', message: expect.stringContaining(id), orderId: id },
    ]);
    const add = await w.req('POST', '/cart/items', { as: who, body: { sku: 'LAMP-1', quantity: 1 } });
    expect([add.status, add.body.error?.type]).toEqual([409, 'CART_IN_CHECKOUT']);
    expect((await w.req('DELETE', '/cart/items/MUG-RED', { as: who })).status).toBe(409);
    expect(await ordersOf(who.id)).toBe(1);

    // A failed checkout (the saga's release) gives the lines back, as they were.
    expect(await w.system('carts.release', { userId: who.id, orderId: 'someone-else' })).toEqual({ released: false });
    expect(await w.system('carts.release', { userId: who.id, orderId: id })).toEqual({ released: true });
    const back = (await w.req('GET', '/cart', { as: who })).body;
    expect([back.lines, back.checkoutOrderId]).toEqual([
      [expect.objectContaining({ sku: 'MUG-RED', quantity: 2 }), expect.anything()],
      undefined,
    ]);
    const retry = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(retry.status).toBe(202);
    // A confirmed one (the saga's settle) gives the lines up.
    expect(await w.system('carts.settle', { userId: who.id, orderId: id })).toEqual({ settled: false });
    expect(await w.system('carts.settle', { userId: who.id, orderId: retry.body.id })).toEqual({ settled: true });
    expect((await w.req('GET', '/cart', { as: who })).body.lines).toEqual([]);
    expect((await w.req('POST', '/cart/items', { as: who, body: { sku: 'LAMP-1', quantity: 1 } })).status).toBe(200);
  });

  it('a claim its checkout never let go of lapses after a minute: no order behind it, or its order ended', async () => {
    const who = await shopper();
    const carts = (w.platform.broker.getLocalService('carts') as unknown as { store(n: string): Store })
      .store('carts')
      .collection('carts');
    const cartId = customerCartId(who.id);
    const body = { shippingAddress: SHIPPING, paymentToken: 'tok_visa' };
    // A request that claimed the cart and died before writing its order.
    await carts.update(cartId, { $set: { checkoutOrderId: 'ghost-order', checkoutAttempt: 'gone', claimedAt: Date.now() } });
    expect((await checkout(who, body)).body.error).toMatchObject({ type: 'CART_CHECKED_OUT', orderId: 'ghost-order' });
    await carts.update(cartId, { $set: { claimedAt: Date.now() - 61_000 } });
    const placedAfter = await checkout(who, body);
    expect(placedAfter.status).toBe(202);
    const id = placedAfter.body.id as string;
    // Its checkout failed, and the saga's release was lost.
    await step('reject', id, `lapse-${id}`, 'out of stock');
    const add = () => w.req('POST', '/cart/items', { as: who, body: { sku: 'LAMP-1', quantity: 1 } });
    expect((await add()).status).toBe(409);
    await carts.update(cartId, { $set: { claimedAt: Date.now() - 61_000 } });
    expect((await add()).status).toBe(200);
    expect((await w.req('GET', '/cart', { as: who })).body).toMatchObject({ lines: [{}, {}, { sku: 'LAMP-1' }] });
    expect((await w.req('GET', '/cart', { as: who })).body.checkoutOrderId).toBeUndefined();
  });

  it('10 concurrent requests with one key place one order and start one saga', async () => {
    const who = await shopper();
    const k = key();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' }, k)),
    );
    const ids = new Set(replies.map((r) => r.body.id));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(ids.size).toBe(1);
    expect(await ordersOf(who.id)).toBe(1);
    const [id] = ids as Set<string>;
    expect(await w.events.count({ filter: { orderId: id } })).toBe(1);
    expect([...w.sagas.started.values()].filter((s) => s.data.userId === who.id).map((s) => s.id)).toEqual([id]);
    expect(w.sagas.calls.filter((c) => c.data.userId === who.id).every((c) => c.id === id && c.type === 'checkout')).toBe(true);
  });

  it('a retry starts the saga when the coordinator was unavailable the first time', async () => {
    const who = await shopper();
    const k = key();
    w.sagas.failNext = 1;
    const first = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' }, k);
    expect(first.status).toBe(503);
    expect(await ordersOf(who.id)).toBe(1);
    const retry = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' }, k);
    expect(retry.status).toBe(202);
    expect(w.sagas.started.has(retry.body.id as string)).toBe(true);
  });

  it('a client that never retries: the stalled-checkout sweep asks the coordinator again (idempotent by order id)', async () => {
    const who = await shopper();
    w.sagas.failNext = 1;
    const first = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(first.status).toBe(503);
    const [order] = await w.orders.find({ filter: { userId: who.id } });
    expect(w.sagas.started.has(order.id)).toBe(false);
    const { id: running } = await placed();

    // Younger than the threshold: left alone.
    expect(await w.system('orders.startStalled', {})).toMatchObject({ failed: 0 });
    expect(w.sagas.started.has(order.id)).toBe(false);
    const swept = await w.system<{ asked: number; failed: number }>('orders.startStalled', { olderThanMs: 0 });
    expect(swept.failed).toBe(0);
    expect(w.sagas.started.get(order.id)).toMatchObject({ type: 'checkout', id: order.id, data: { orderId: order.id } });
    // Asking again (and for the order whose saga runs) starts nothing new: the coordinator's start is idempotent by id.
    const startsBefore = w.sagas.calls.filter((c) => c.id === running).length;
    await w.system('orders.startStalled', { olderThanMs: 0 });
    expect(w.sagas.started.get(running)?.id).toBe(running);
    expect(w.sagas.calls.filter((c) => c.id === running).length).toBe(startsBefore + 1);
    expect(await w.req('GET', `/orders/${order.id}`, { as: who })).toMatchObject({ status: 200 });
    await expect(w.system('orders.startStalled', { olderThanMs: -1 })).rejects.toMatchObject({ type: 'VALIDATION_ERROR' });
  });

  it('refuses a missing or malformed Idempotency-Key, naming it, and writes nothing', async () => {
    const who = await shopper();
    for (const k of [null, '', 'has space', 'x'.repeat(129), 'ünï']) {
      const res = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' }, k);
      expect(res.status).toBe(422);
      expect(res.body.error?.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    }
    expect(await ordersOf(who.id)).toBe(0);
  });

  it('wants exactly one of each address and payment pair', async () => {
    const who = await shopper();
    const addressId = await w.addAddress(who, 'Bonn');
    const cases: [Record<string, unknown>, string][] = [
      [{ paymentToken: 'tok_visa' }, 'shippingAddressId'],
      [{ shippingAddress: SHIPPING }, 'paymentMethodId'],
      [{ shippingAddressId: addressId, shippingAddress: SHIPPING, paymentToken: 'tok_visa' }, 'shippingAddress'],
      [
        { shippingAddress: SHIPPING, billingAddressId: addressId, billingAddress: SHIPPING, paymentToken: 'tok_visa' },
        'billingAddress',
      ],
      [{ shippingAddress: SHIPPING, paymentMethodId: 'pm-1', paymentToken: 'tok_visa' }, 'paymentToken'],
      [{ shippingAddress: { ...SHIPPING, country: 'Germany' }, paymentToken: 'tok_visa' }, 'shippingAddress.country'],
      [{ shippingAddress: SHIPPING, paymentToken: 'tok_visa', amount: 1 }, 'amount'],
    ];
    for (const [body, field] of cases) {
      const res = await checkout(who, body);
      expect([res.status, res.body.error?.fields?.map((f) => f.field)]).toEqual([422, [field]]);
    }
    // Someone else's saved address or card is not in this customer's account.
    const other = await w.cast.newCustomer();
    const theirAddress = await w.addAddress(other, 'Kiel');
    const theirCard = await w.addCard(other, 'tok_visa');
    const notMine = await checkout(who, { shippingAddressId: theirAddress, paymentToken: 'tok_visa' });
    expect([notMine.status, notMine.body.error?.fields?.map((f) => f.field)]).toEqual([422, ['shippingAddressId']]);
    const notMyCard = await checkout(who, { shippingAddress: SHIPPING, paymentMethodId: theirCard });
    expect([notMyCard.status, notMyCard.body.error?.fields?.map((f) => f.field)]).toEqual([422, ['paymentMethodId']]);
    expect(await ordersOf(who.id)).toBe(0);
  });

  it('an empty cart is 409 CART_EMPTY; a line short of stock is left to the reservation (202)', async () => {
    const empty = await w.cast.newCustomer();
    const res = await checkout(empty, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect([res.status, res.body.error?.type]).toEqual([409, 'CART_EMPTY']);
    const greedy = await shopper([
      ['POSTER-A', 1],
      ['LAMP-1', 5],
    ]);
    const short = await checkout(greedy, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(short.status).toBe(202);
    expect(await ordersOf(greedy.id)).toBe(1);
  });

  it('anonymous callers cannot order', async () => {
    const res = await w.req('POST', '/orders', { body: { shippingAddress: SHIPPING, paymentToken: 'tok_visa' }, key: key() });
    expect(res.status).toBe(401);
  });
});

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
    expect(rows[0]).toMatchObject({ itemCount: 3, status: 'PENDING', totals: { total: 3 * 990 } });
    const page2 = await w.req('GET', '/orders?pageSize=2&page=2', { as: who });
    expect((page2.body.rows as { id: string }[]).map((r) => r.id)).toEqual([ids[0]]);
    expect((await w.req('GET', '/orders', { as: w.cast.customerB })).body.rows).toEqual([]);
  });
});

describe('the saga-facing transitions', () => {
  it('confirm, ship and deliver: each logged, published and replayable; a repeated step key changes nothing', async () => {
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

    expect((await w.req('POST', `/orders/${id}/ship`, { as: who, body: {} })).status).toBe(403);
    const shipped = await w.req('POST', `/orders/${id}/ship`, { as: w.cast.admin, body: { reason: 'DHL 123' } });
    expect([shipped.status, shipped.body.status]).toEqual([200, 'SHIPPED']);
    expect((await w.req('POST', `/orders/${id}/ship`, { as: w.cast.admin, body: {} })).body.error?.type).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect((await w.req('POST', `/orders/${id}/deliver`, { as: w.cast.admin, body: {} })).body.status).toBe('DELIVERED');
    const final = await expectConsistent(id);
    expect(final).toMatchObject({ status: 'DELIVERED', version: 4 });
    expect((await view(id, who)).history.map((h) => [h.from, h.to, h.reason])).toEqual([
      [undefined, 'PENDING', undefined],
      ['PENDING', 'CONFIRMED', undefined],
      ['CONFIRMED', 'SHIPPED', 'DHL 123'],
      ['SHIPPED', 'DELIVERED', undefined],
    ]);
    const published = await eventually(async () => {
      const seen = w.sagas.statusEvents.filter((e) => e.orderId === id);
      return seen.length === 3 && seen;
    });
    expect(published.map((e) => e.to).sort()).toEqual(['CONFIRMED', 'DELIVERED', 'SHIPPED']);
    expect(published[0]).toMatchObject({ userId: who.id, total: { amount: 3490, currency: 'EUR' } });
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
  it('a confirmed order starts the cancel-order saga (202); pending is 409; shipped or cancelled is ILLEGAL_TRANSITION', async () => {
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

    const shipped = await placed();
    await step('confirm', shipped.id, `${shipped.id}:confirm-order`);
    await w.req('POST', `/orders/${shipped.id}/ship`, { as: w.cast.admin, body: {} });
    const late = await w.req('POST', `/orders/${shipped.id}/cancel`, { as: shipped.who, body: {} });
    expect([late.status, late.body.error?.type]).toEqual([409, 'ILLEGAL_TRANSITION']);
    expect(w.sagas.started.has(`cancel:${shipped.id}`)).toBe(false);
  });
});
