import type { Store } from '../../mixins/store/store.types';
import { customerCartId } from '../../services/carts/carts.tokens.domain';
import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 90_000);
afterAll(() => w?.platform.stop());

const { key, checkout, step, ordersOf, shopper } = orderHelpers(() => w);

describe('one cart, one order; one key, one request', () => {
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
});
