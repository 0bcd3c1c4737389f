import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 90_000);
afterAll(() => w?.platform.stop());

const { key, checkout, view, ordersOf, shopper, placed, expectConsistent } = orderHelpers(() => w);

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
    expect(order).toMatchObject({ id, userId: who.id, status: 'PENDING', returnStatus: null, returns: [] });
    expect(order.items).toEqual([
      {
        sku: 'MUG-RED',
        productId: expect.any(String),
        name: 'mug',
        quantity: 2,
        unitPrice: { amount: 1250, currency: 'EUR' },
        lineTotal: { amount: 2500, currency: 'EUR' },
        pricing: { subtotal: 2500, discount: 0, shipping: 0, tax: 0, total: 2500, adjustments: [] },
        returned: 0,
        refunded: 0,
      },
      {
        sku: 'POSTER-A',
        productId: expect.any(String),
        name: 'poster',
        quantity: 1,
        unitPrice: { amount: 990, currency: 'EUR' },
        lineTotal: { amount: 990, currency: 'EUR' },
        pricing: { subtotal: 990, discount: 0, shipping: 0, tax: 0, total: 990, adjustments: [] },
        returned: 0,
        refunded: 0,
      },
    ]);
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    expect(order.totals).toEqual({
      currency: 'EUR',
      subtotal: eur(3490),
      discount: eur(0),
      tax: eur(0),
      shipping: eur(0),
      total: eur(3490),
    });
    expect(order.promotions).toEqual([]);
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
        },
      },
    ]);
    // The cart is held by the order until its checkout ends; a later price change does not touch the order's snapshot.
    expect((await w.req('GET', '/cart', { as: who })).body).toMatchObject({ lines: [{}, {}], checkoutOrderId: id });
    // The listing is the search service's (not running here): the variant names its product.
    const [mug] = await w.system<{ productId: string }[]>('products.variantsBySku', { skus: ['MUG-RED'] });
    await w.system('products.setPrices', { id: mug.productId, sku: 'MUG-RED', prices: [{ amount: 9999, currency: 'EUR' }] });
    expect((await view(id, who)).items[0].unitPrice).toEqual({ amount: 1250, currency: 'EUR' });
    await w.system('products.setPrices', { id: mug.productId, sku: 'MUG-RED', prices: [{ amount: 1250, currency: 'EUR' }] });
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
      [{ paymentToken: 'tok_visa' }, 'shippingAddress'],
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
