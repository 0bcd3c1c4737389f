import type { ShippingOption } from '../../services/shipping/shipping.contract';
import type { Identity } from '../support/identities';
import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

/**
 * Placing an order with shipping (real carts, discounts and shipping services): the order may
 * take the cart's address, snapshots the quote the cart was priced with and charges its price
 * (taxed); a stale quote or none chosen is refused before anything is held or written.
 */
let w: World;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

beforeAll(async () => {
  w = await startWorld({}, ['shipping']);
  const admin = async (route: string, body: object) => {
    const res = await w.req('POST', route, { as: w.cast.admin, body });
    if (res.status !== 201) throw new Error(`${route}: ${res.status} ${res.text}`);
    return res.body.id as string;
  };
  const zoneId = await admin('/admin/shipping/zones', { name: 'Germany', countries: ['DE'] });
  await admin('/admin/shipping/methods', { zoneId, name: 'Standard', rateCard: { type: 'flat', amount: eur(490) } });
  const rates = [
    { country: 'DE', taxClass: 'standard', rateBps: 1900 },
    { country: 'DE', taxClass: 'shipping', rateBps: 1900 },
  ];
  const set = await w.req('PUT', '/admin/tax/rates', { as: w.cast.admin, body: { rates } });
  if (set.status !== 200) throw new Error(`tax rates: ${set.status} ${set.text}`);
}, 120_000);
afterAll(() => w?.platform.stop());

const { checkout, key, ordersOf, shopper } = orderHelpers(() => w);

/** A shopper whose cart ships to Berlin with the Standard quote chosen. */
async function withQuote(): Promise<{ who: Identity; quote: ShippingOption }> {
  const who = await shopper([['POSTER-A', 2]]);
  await w.req('PUT', '/cart/address', { as: who, body: { shippingAddress: SHIPPING } });
  const listed = (await w.req('GET', '/cart/shipping-options', { as: who })).body as unknown as { options: ShippingOption[] };
  const quote = listed.options.find((o) => o.name === 'Standard')!;
  const chosen = await w.req('PUT', '/cart/shipping', { as: who, body: { quoteId: quote.quoteId } });
  expect(chosen.status).toBe(200);
  return { who, quote };
}

it('an order without an address takes the cart’s and snapshots the chosen quote; totals.shipping is its price', async () => {
  const { who, quote } = await withQuote();
  const cart = (await w.req('GET', '/cart', { as: who })).body as unknown as { totals: Record<string, { amount: number }> };
  const res = await checkout(who, { paymentToken: 'tok_visa' });
  expect(res.status).toBe(202);
  const order = (await w.orders.get(res.body.id as string))!;
  expect(order.shippingAddress).toEqual(SHIPPING);
  expect(order.billingAddress).toEqual(SHIPPING);
  expect(order.shipping).toEqual({
    quoteId: quote.quoteId,
    methodId: quote.methodId,
    name: 'Standard',
    carrier: quote.carrier,
    serviceLevel: 'standard',
    rateVersion: expect.any(Number),
    price: eur(490),
    estimatedDelivery: quote.estimatedDelivery,
  });
  // What the cart showed is what the order charges: goods, shipping and the tax on both.
  expect(order.totals).toMatchObject({
    shipping: 490,
    tax: cart.totals.tax.amount,
    total: cart.totals.total.amount,
  });
  expect(order.totals.total).toBe(1980 + 490 + order.totals.tax);
  expect(w.sagas.started.get(order.id)!.data).toMatchObject({ amount: eur(order.totals.total) });
  // The customer's view shows it too (and the API document describes it: the test client checks).
  expect((await w.req('GET', `/orders/${order.id}`, { as: who })).body.shipping).toEqual(order.shipping);
});

it('neither an address in the request nor on the cart is 422 naming shippingAddress; nothing is held', async () => {
  const who = await shopper([['POSTER-A', 1]]);
  const res = await checkout(who, { paymentToken: 'tok_visa' });
  expect([res.status, res.body.error?.fields?.map((f) => f.field)]).toEqual([422, ['shippingAddress']]);
  expect(await ordersOf(who.id)).toBe(0);
  expect((await w.req('GET', '/cart', { as: who })).body.checkoutOrderId).toBeUndefined();
});

it('a quote gone stale is 409 naming it; the same key then places the order once a fresh one is chosen', async () => {
  const { who, quote } = await withQuote();
  await w.fillCart(who, [['MUG-RED', 1]]);
  const k = key();
  const stale = await checkout(who, { paymentToken: 'tok_visa' }, k);
  expect([stale.status, stale.body.error]).toEqual([
    409,
    // The gateway passes a 409's message and type (and orderId) only: the message names the quote.
    expect.objectContaining({ type: 'SHIPPING_QUOTE_STALE', message: expect.stringContaining(quote.quoteId) }),
  ]);
  expect(await ordersOf(who.id)).toBe(0);
  const fresh = (await w.req('GET', '/cart/shipping-options', { as: who })).body as unknown as { options: ShippingOption[] };
  await w.req('PUT', '/cart/shipping', { as: who, body: { quoteId: fresh.options[0].quoteId } });
  const placed = await checkout(who, { paymentToken: 'tok_visa' }, k);
  expect(placed.status).toBe(202);
  expect((await checkout(who, { paymentToken: 'tok_visa' }, k)).body.id).toBe(placed.body.id);
  expect((await w.orders.get(placed.body.id as string))!.shipping!.quoteId).toBe(fresh.options[0].quoteId);
});

it('options for the address but none chosen is 409 SHIPPING_METHOD_REQUIRED; an address no zone covers is SHIPPING_UNAVAILABLE', async () => {
  const who = await shopper([['POSTER-A', 1]]);
  const required = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
  expect([required.status, required.body.error?.type]).toEqual([409, 'SHIPPING_METHOD_REQUIRED']);
  const abroad = await checkout(who, { shippingAddress: { ...SHIPPING, country: 'FR' }, paymentToken: 'tok_visa' });
  expect([abroad.status, abroad.body.error]).toEqual([
    409,
    expect.objectContaining({ type: 'SHIPPING_UNAVAILABLE', message: expect.stringContaining('shippingAddress.country') }),
  ]);
  expect(await ordersOf(who.id)).toBe(0);
});
