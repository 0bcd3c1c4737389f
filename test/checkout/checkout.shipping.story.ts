import { randomBytes } from 'node:crypto';
import type { StoryKit } from './checkout.promotions.story';
import { followShipments } from './checkout.shipments.story';

type Money = { amount: number; currency: string };
type Option = { quoteId: string; methodId: string; name: string; price: Money; expiresAt: number };
type Cart = {
  totals: { subtotal: Money; discount: Money; shipping: Money | null; tax: Money; total: Money };
  coupons: string[];
  shipping: { quoteId: string; price: Money; stale: boolean } | null;
};
type Order = {
  id: string;
  status: string;
  totals: Cart['totals'];
  shipping: { quoteId: string; methodId: string; price: Money } | null;
  shippingAddress: { postalCode: string };
};

const eur = (amount: number) => ({ amount, currency: 'EUR' });
type Admin = Pick<StoryKit, 'call' | 'ok' | 'asAdmin'>;

/** A zone for exactly this postcode (a prefix rule is more specific than any country zone a seed made) with `methods`. */
export async function zoneFor(k: Admin, at: { country: string; postalCode: string }, methods: object[]): Promise<string[]> {
  const zone = await k.ok(
    k.call<{ id: string }>(
      'POST',
      '/admin/shipping/zones',
      {
        name: `Story ${at.country} ${at.postalCode}`,
        countries: [at.country],
        postcodes: { include: [{ type: 'prefix', value: at.postalCode }] },
      },
      k.asAdmin,
    ),
    201,
    'create zone',
  );
  const ids: string[] = [];
  for (const m of methods)
    ids.push(
      (
        await k.ok(
          k.call<{ id: string }>('POST', '/admin/shipping/methods', { zoneId: zone.id, ...m }, k.asAdmin),
          201,
          'create method',
        )
      ).id,
    );
  return ids;
}

/**
 * A shop that ships by zones needs a method chosen at every checkout (npm start seeds zones): the
 * story's own addresses get a free one, so what the story checks before shipping is as without it.
 */
export async function freeShippingTo(k: Admin, addresses: { country: string; postalCode: string }[]): Promise<void> {
  for (const at of addresses) await zoneFor(k, at, [{ name: 'Story free delivery', rateCard: { type: 'flat', amount: eur(0) } }]);
}

/** Chooses the cheapest option for the cart as it is; answers it. */
export async function chooseCheapest(k: Pick<StoryKit, 'call' | 'ok' | 'asMe'>): Promise<Option> {
  const { options } = await k.ok(
    k.call<{ options: Option[] }>('GET', '/cart/shipping-options', undefined, k.asMe),
    200,
    'options',
  );
  const [cheapest] = [...options].sort((a, b) => a.price.amount - b.price.amount);
  if (!cheapest) throw new Error('no shipping option for the cart');
  await k.ok(k.call('PUT', '/cart/shipping', { quoteId: cheapest.quoteId }, k.asMe), 200, 'choose shipping');
  return cheapest;
}

/**
 * Shipping end to end: two methods for the customer's postcode, shipping taxed at its own rate, a
 * stale quote refused at checkout, an order that takes the cart's address and is split across two
 * warehouses, one parcel shipped in part, the sandbox carrier's webhooks driving every parcel to
 * delivered, the order DELIVERED, and mails with the tracking links.
 */
export async function shippingStory(k: StoryKit & { userId: string }): Promise<void> {
  const { call, ok, until, asAdmin, asMe, sku } = k;
  const postalCode = `8${String(randomBytes(2).readUInt16BE() % 10_000).padStart(4, '0')}`;
  const address = { name: 'Story', line1: '2 Marienplatz', city: 'München', postalCode, country: 'DE' };
  const [flatId, freeOverId] = await zoneFor(k, address, [
    { name: 'Story standard', rateCard: { type: 'flat', amount: eur(490) } },
    { name: 'Story express', serviceLevel: 'express', rateCard: { type: 'free_over', amount: eur(990), threshold: eur(20_000) } },
  ]);
  const { rates } = await ok(call<{ rates: { id: string }[] }>('GET', '/admin/tax/rates', undefined, asAdmin), 200, 'rates');
  const others = rates.filter((r) => (r as { country?: string }).country !== 'DE').map(({ id: _id, ...r }) => r);
  const de = [
    { country: 'DE', taxClass: 'standard', rateBps: 1_900 },
    { country: 'DE', taxClass: 'shipping', rateBps: 700 },
  ];
  await ok(call('PUT', '/admin/tax/rates', { rates: [...others, ...de] }, asAdmin), 200, 'tax rates');

  // 5 on hand in main, 2 more in north: six units cannot come from one warehouse.
  await ok(
    call('POST', '/inventory/receipts', { sku, warehouse: 'north', quantity: 2, ref: `po-north-${postalCode}` }, asAdmin),
    201,
    'north stock',
  );
  await until(
    () => ok(call<{ available: number }>('GET', `/inventory/${sku}`), 200, 'levels'),
    (l) => l.available === 7,
    'stock in two warehouses',
  );
  await ok(call('POST', '/cart/items', { sku, quantity: 1 }, asMe), 200, 'add');
  let cart = await ok(call<Cart>('PATCH', `/cart/items/${sku}`, { quantity: 6 }, asMe), 200, 'six in the cart');
  for (const code of cart.coupons) await ok(call('DELETE', `/cart/coupons/${code}`, undefined, asMe), 200, 'coupon off');
  const unshipped = await ok(call<Cart>('PUT', '/cart/address', { shippingAddress: address }, asMe), 200, 'cart address');

  const { options } = await ok(call<{ options: Option[] }>('GET', '/cart/shipping-options', undefined, asMe), 200, 'options');
  expect(options.map((o) => [o.methodId, o.name, o.price])).toEqual(
    expect.arrayContaining([
      [flatId, 'Story standard', eur(490)],
      [freeOverId, 'Story express', eur(990)],
    ]),
  );
  expect(options).toHaveLength(2);
  const first = await chooseCheapest(k);
  expect(first.methodId).toBe(flatId);
  cart = await ok(call<Cart>('GET', '/cart', undefined, asMe), 200, 'cart');
  expect(cart.shipping).toMatchObject({ quoteId: first.quoteId, price: eur(490), stale: false });
  expect(cart.totals.shipping).toEqual(eur(490));
  // Shipping is taxed at its own rate (7 %) beside the goods' 19 %.
  expect(cart.totals.tax.amount - unshipped.totals.tax.amount).toBe(Math.round((490 * 700) / 10_000));
  expect(cart.totals.total.amount).toBe(cart.totals.subtotal.amount - cart.totals.discount.amount + 490 + cart.totals.tax.amount);

  // The cart changes after the choice: the quote is stale, shown so, and checkout names it.
  const changed = await ok(call<Cart>('PATCH', `/cart/items/${sku}`, { quantity: 5 }, asMe), 200, 'five');
  expect(changed.shipping).toMatchObject({ quoteId: first.quoteId, stale: true });
  const refused = await call<{ error: { type: string; data?: { quoteId?: string } } }>(
    'POST',
    '/orders',
    { paymentToken: 'tok_visa' },
    { ...asMe, headers: { 'Idempotency-Key': `story-stale-${postalCode}` } },
  );
  expect([refused.status, refused.body.error.type]).toEqual([409, 'SHIPPING_QUOTE_STALE']);
  expect(refused.text).toContain(first.quoteId);
  await ok(call('PATCH', `/cart/items/${sku}`, { quantity: 6 }, asMe), 200, 'six again');
  const chosen = await chooseCheapest(k);
  const priced = await ok(call<Cart>('GET', '/cart', undefined, asMe), 200, 'cart');

  // No address in the order: it takes the cart's.
  const placed = await ok(
    call<{ id: string }>(
      'POST',
      '/orders',
      { paymentToken: 'tok_visa' },
      { ...asMe, headers: { 'Idempotency-Key': `story-ship-${postalCode}` } },
    ),
    202,
    'checkout without an address',
  );
  const order = () => ok(call<Order>('GET', `/orders/${placed.id}`, undefined, asMe), 200, 'order');
  const confirmed = await until(order, (o) => o.status === 'CONFIRMED', 'shipped order confirmed');
  expect(confirmed.shippingAddress.postalCode).toBe(postalCode);
  expect(confirmed.shipping).toMatchObject({ quoteId: chosen.quoteId, methodId: flatId, price: eur(490) });
  expect(confirmed.totals).toMatchObject({ shipping: eur(490), tax: priced.totals.tax, total: priced.totals.total });

  await followShipments(k, placed.id, order);
}
