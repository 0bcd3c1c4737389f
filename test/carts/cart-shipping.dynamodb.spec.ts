import type { Cart, ClaimedCart } from '../../services/carts/carts.contract';
import type { Collection, Store } from '../../mixins/store/store.types';
import type { ShippingOption } from '../../services/shipping/shipping.contract';
import type { Identity } from '../support/identities';
import { dynamoLocalEngine, onEngine } from '../support/service-engines';
import { startWorld, STICKERS, type Body, type World } from './carts.fixtures';

/**
 * Shipping on the cart with the real shipping and discounts services (carts on DynamoDB Local):
 * options for the address, the chosen quote priced with tax and promotions, staleness, and the
 * checkout claim's policy.
 */
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const BERLIN = { name: 'Ann Lee', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const PARIS = { ...BERLIN, city: 'Paris', postalCode: '75001', country: 'FR' };
type Options = { options: ShippingOption[]; zoneId: string | null; unweighed: string[] };

let w: World;
let carts: Collection<Cart>;
let zoneId: string;
const { it_ } = onEngine(dynamoLocalEngine('carts'), async (env) => {
  w = await startWorld(env, ['shipping']);
  carts = (w.platform.broker.getLocalService('carts') as unknown as { store(n: string): Store })
    .store('carts')
    .collection('carts');
  await w.system('products.update', {
    id: w.products.poster,
    variants: [{ sku: 'POSTER-A', price: eur(990), weightG: 300 }],
  });
  const rates = [
    { country: 'DE', taxClass: 'standard', rateBps: 1900 },
    { country: 'DE', taxClass: 'shipping', rateBps: 1900 },
  ];
  expect((await w.req('PUT', '/admin/tax/rates', { as: w.cast.admin, body: { rates } })).status).toBe(200);
  const promo = { code: 'FREESHIP', name: 'Free shipping', status: 'active', actions: [{ type: 'freeShipping' }] };
  expect((await w.req('POST', '/admin/promotions', { as: w.cast.admin, body: promo })).status).toBe(201);
  return w;
});

/** An admin write that must succeed (201), answering the new row's id. */
const admin = async (route: string, body: object): Promise<string> => {
  const res = await w.req('POST', route, { as: w.cast.admin, body });
  if (res.status !== 201) throw new Error(`${route}: ${res.status} ${res.text}`);
  return (res.body as unknown as { id: string }).id;
};
const options = async (who?: Identity, token?: string) =>
  (await w.req('GET', '/cart/shipping-options', { as: who, token })) as unknown as { status: number; body: Options & Body };
const choose = (quoteId: string, who?: Identity, token?: string) =>
  w.req('PUT', '/cart/shipping', { as: who, token, body: { quoteId } });
const claim = (who: Identity, orderId: string) =>
  w.system<ClaimedCart>('carts.claim', { userId: who.id, orderId, attempt: `attempt-${orderId}` });
const claimError = async (who: Identity, orderId: string) => {
  try {
    await claim(who, orderId);
    return null;
  } catch (err) {
    const e = err as { code: number; type: string; data: Record<string, unknown> };
    return { code: e.code, type: e.type, data: e.data };
  }
};
/** A customer with two posters in the cart, shipping to `address`. */
const shopper = async (address: object = BERLIN) => {
  const who = await w.cast.newCustomer();
  await w.req('POST', '/cart/items', { as: who, body: { sku: 'POSTER-A', quantity: 2 } });
  expect((await w.req('PUT', '/cart/address', { as: who, body: { shippingAddress: address } })).status).toBe(200);
  return who;
};
const standardOf = async (who: Identity) => (await options(who)).body.options.find((o) => o.name === 'Standard')!;

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
