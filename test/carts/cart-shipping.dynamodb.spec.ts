import { STICKERS } from './carts.fixtures';
import {
  admin,
  BERLIN,
  carts,
  cartShippingWorld,
  choose,
  claim,
  claimError,
  eur,
  options,
  PARIS,
  shopper,
  standardOf,
  w,
} from './cart-shipping.world';

/**
 * Shipping on the cart with the real shipping and discounts services (carts on DynamoDB Local):
 * options for the address, the chosen quote priced with tax and promotions, staleness, and the
 * checkout claim's policy.
 */
const { it_ } = cartShippingWorld();
let zoneId: string;

it_('without any zone the shop charges no shipping: no options, and the claim needs no quote', async () => {
  const who = await shopper();
  expect((await options(who)).body).toEqual({ options: [], zoneId: null, unweighed: [] });
  const held = await claim(who, 'order-no-zones');
  expect(held.shipping).toBeNull();
  expect(held.cart.totals.shipping).toEqual(eur(0));
  await w.system('carts.release', { userId: who.id, orderId: 'order-no-zones' });

  zoneId = await admin('/admin/shipping/zones', { name: 'Germany', countries: ['DE'] });
  const flat = (name: string, amount: number) => ({ zoneId, name, rateCard: { type: 'flat', amount: eur(amount) } });
  await admin('/admin/shipping/methods', flat('Standard', 490));
  await admin('/admin/shipping/methods', { ...flat('Express', 990), serviceLevel: 'express' });
});

it_('a cart without an address has no options and cannot choose one (422 naming shippingAddress)', async () => {
  const who = await w.cast.newCustomer();
  await w.req('POST', '/cart/items', { as: who, body: { sku: 'POSTER-A', quantity: 1 } });
  for (const res of [await options(who), await choose('any-quote', who)])
    expect([res.status, res.body.error.fields?.map((f) => f.field)]).toEqual([422, ['shippingAddress']]);
});

it_('lists the options for the address, chooses one, and prices it with shipping tax', async () => {
  const who = await shopper();
  const before = (await w.req('GET', '/cart', { as: who })).body;
  const listed = (await options(who)).body;
  expect(listed.zoneId).toBe(zoneId);
  expect(listed.unweighed).toEqual([]);
  expect(listed.options.map((o) => [o.name, o.price])).toEqual(
    expect.arrayContaining([
      ['Standard', eur(490)],
      ['Express', eur(990)],
    ]),
  );
  expect(listed.options).toHaveLength(2);
  for (const o of listed.options) expect(o.expiresAt).toBeGreaterThan(Date.now());
  const standard = listed.options.find((o) => o.name === 'Standard')!;
  const chosen = await choose(standard.quoteId, who);
  expect(chosen.status).toBe(200);
  expect(chosen.body.shipping).toMatchObject({
    quoteId: standard.quoteId,
    name: 'Standard',
    price: eur(490),
    stale: false,
  });
  const t = chosen.body.totals;
  expect(t.shipping).toEqual(eur(490));
  // 19 % of 4.90 is 0.931: the shipping's tax comes on top of the goods' tax.
  expect(t.tax!.amount - before.totals.tax!.amount).toBe(93);
  expect(t.total!.amount).toBe(t.subtotal!.amount - t.discount!.amount + t.shipping!.amount + t.tax!.amount);
  expect((await w.req('GET', '/cart', { as: who })).body).toEqual(chosen.body);

  const held = await claim(who, 'order-chosen');
  expect(held.shipping).toMatchObject({
    quoteId: standard.quoteId,
    methodId: standard.methodId,
    price: eur(490),
  });
  expect(held.pricing!.pricing.totals.shipping).toBe(490);
});

it_('a free-shipping promotion takes the chosen quote’s price off', async () => {
  const who = await shopper();
  await choose((await standardOf(who)).quoteId, who);
  const res = await w.req('POST', '/cart/coupons', { as: who, body: { code: 'FREESHIP' } });
  expect(res.status).toBe(200);
  expect(res.body.totals).toMatchObject({ shipping: eur(490), discount: eur(490) });
  expect(res.body.promotions).toEqual([expect.objectContaining({ code: 'FREESHIP', amount: eur(490) })]);
});

it_('a line change or an address change makes the choice stale: shown, not charged, and refused at checkout', async () => {
  for (const change of ['line', 'address'] as const) {
    const who = await shopper();
    const quote = await standardOf(who);
    await choose(quote.quoteId, who);
    const changed =
      change === 'line'
        ? await w.req('POST', '/cart/items', { as: who, body: { sku: 'LAMP-1', quantity: 1 } })
        : await w.req('PUT', '/cart/address', { as: who, body: { shippingAddress: { ...BERLIN, postalCode: '10117' } } });
    expect(changed.body.shipping).toMatchObject({ quoteId: quote.quoteId, stale: true });
    expect(changed.body.totals.shipping).toEqual(eur(0));
    const refused = await claimError(who, `order-stale-${change}`);
    expect(refused).toEqual({ code: 409, type: 'SHIPPING_QUOTE_STALE', data: { quoteId: quote.quoteId, why: 'changed' } });
    expect((await carts.get(`u-${who.id}`))!.checkoutOrderId).toBeUndefined();
    // The old quote cannot be chosen again for the changed cart; a new one can.
    const again = (await choose(quote.quoteId, who)).body.error;
    expect(again).toMatchObject({ type: 'SHIPPING_QUOTE_STALE', message: expect.stringContaining(quote.quoteId) });
    expect((await choose((await standardOf(who)).quoteId, who)).body.shipping).toMatchObject({ stale: false });
  }
});

it_('an expired choice is stale too, and checkout names it', async () => {
  const who = await shopper();
  const quote = await standardOf(who);
  await choose(quote.quoteId, who);
  const stored = (await carts.get(`u-${who.id}`))!;
  await carts.update(stored.id, { $set: { shipping: { ...stored.shipping!, expiresAt: Date.now() - 1 } } });
  expect((await w.req('GET', '/cart', { as: who })).body.shipping).toMatchObject({ stale: true });
  expect(await claimError(who, 'order-expired')).toEqual({
    code: 409,
    type: 'SHIPPING_QUOTE_STALE',
    data: { quoteId: quote.quoteId, why: 'expired' },
  });
});

it_(
  'checkout policy: an address no zone covers is SHIPPING_UNAVAILABLE; options but none chosen is SHIPPING_METHOD_REQUIRED',
  async () => {
    const abroad = await shopper(PARIS);
    expect((await options(abroad)).body).toMatchObject({ options: [], zoneId: null });
    expect(await claimError(abroad, 'order-paris')).toMatchObject({
      code: 409,
      type: 'SHIPPING_UNAVAILABLE',
      data: { field: 'shippingAddress.country' },
    });
    const undecided = await shopper();
    expect(await claimError(undecided, 'order-undecided')).toMatchObject({ code: 409, type: 'SHIPPING_METHOD_REQUIRED' });
    for (const who of [abroad, undecided]) expect((await carts.get(`u-${who.id}`))!.checkoutOrderId).toBeUndefined();
  },
);

it_('DELETE takes the choice off; an anonymous cart chooses by its token like a customer', async () => {
  const who = await shopper();
  await choose((await standardOf(who)).quoteId, who);
  const cleared = await w.req('DELETE', '/cart/shipping', { as: who });
  expect([cleared.status, cleared.body.shipping, cleared.body.totals.shipping]).toEqual([200, null, eur(0)]);

  const token = (await w.req('POST', '/cart/items', { body: { sku: 'POSTER-A', quantity: 1 } })).body.cartToken!;
  await w.req('PUT', '/cart/address', { token, body: { shippingAddress: BERLIN } });
  const listed = (await options(undefined, token)).body.options;
  const express = listed.find((o) => o.name === 'Express')!;
  const chosen = await choose(express.quoteId, undefined, token);
  expect(chosen.body.shipping).toMatchObject({ name: 'Express', stale: false });
  expect(chosen.body.totals.shipping).toEqual(eur(990));
  // Another cart's quote is not this cart's.
  const stranger = await shopper();
  expect((await choose(listed[0].quoteId, stranger)).body.error?.type).toBe('SHIPPING_QUOTE_STALE');
});

it_('choices racing line adds lose no line: each choice is stored against the cart version it read', async () => {
  const who = await shopper();
  const quotes = (await Promise.all(Array.from({ length: 5 }, () => options(who)))).flatMap((r) => r.body.options);
  const stickers = STICKERS.slice(0, quotes.length);
  const [chosen, added] = await Promise.all([
    Promise.all(quotes.map((q) => choose(q.quoteId, who))),
    Promise.all(stickers.map((sku) => w.req('POST', '/cart/items', { as: who, body: { sku, quantity: 1 } }))),
  ]);
  expect(added.map((r) => r.status)).toEqual(stickers.map(() => 200));
  // A choice checked against lines that changed before its write is refused, never stored over them.
  for (const r of chosen) expect([200, 'SHIPPING_QUOTE_STALE']).toContain(r.status === 200 ? 200 : r.body.error.type);
  const cart = (await w.req('GET', '/cart', { as: who })).body;
  expect(cart.lines.map((l) => l.sku).sort()).toEqual(['POSTER-A', ...stickers].sort());
});

it_('a coupon after the choice taking the goods under a free-over threshold makes it stale', async () => {
  const rateCard = { type: 'free_over', amount: eur(690), threshold: eur(1_500) };
  await admin('/admin/shipping/methods', { zoneId, name: 'Free over 15', rateCard });
  const thirty = { code: 'THIRTY', name: 'Thirty off', status: 'active', actions: [{ type: 'percentage', percent: 30 }] };
  await admin('/admin/promotions', thirty);
  const who = await shopper();
  const freeOf = async () => (await options(who)).body.options.find((o) => o.name === 'Free over 15')!;
  // Two posters, 19.80 of goods: free at or over 15.00.
  const free = await freeOf();
  expect([free.price, (await choose(free.quoteId, who)).body.shipping?.stale]).toEqual([eur(0), false]);
  const coupon = await w.req('POST', '/cart/coupons', { as: who, body: { code: 'THIRTY' } });
  // 13.86 of goods now, same lines and address: the free quote no longer holds.
  expect([coupon.body.totals.discount, coupon.body.shipping]).toMatchObject([eur(594), { quoteId: free.quoteId, stale: true }]);
  const stale = { code: 409, type: 'SHIPPING_QUOTE_STALE', data: { quoteId: free.quoteId, why: 'changed' } };
  expect(await claimError(who, 'order-coupon-after-quote')).toEqual(stale);
  expect((await carts.get(`u-${who.id}`))!.checkoutOrderId).toBeUndefined();
  // Quoted again for the goods as they are now, the method charges.
  const again = await freeOf();
  const chosen = (await choose(again.quoteId, who)).body;
  expect([again.price, chosen.shipping?.stale, chosen.totals.shipping]).toEqual([eur(690), false, eur(690)]);
});
