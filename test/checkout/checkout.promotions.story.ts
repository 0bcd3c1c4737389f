import { randomBytes } from 'node:crypto';
import type { Call } from '../support/http';
import { chooseCheapest } from './checkout.shipping.story';

type Money = { amount: number; currency: string };
type Totals = { subtotal: Money; discount: Money; shipping: Money; tax: Money; total: Money };
type Adjustment = { kind: string; source: { type: string; id: string; code?: string }; amount: number | Money; rateBps?: number };
type Cart = { totals: Totals; lines: { sku: string; adjustments: Adjustment[] }[] };
type Order = {
  id: string;
  status: string;
  totals: Totals;
  promotions: { promotionId: string; version: number; code?: string; amount: Money }[];
  items: { sku: string; pricing?: { adjustments: Adjustment[] } }[];
};
type Usage = { rows: { orderId: string; status: string; releaseReason?: string }[] };

export interface StoryKit {
  call: Call;
  ok<T>(res: Promise<{ status: number; body: T; text: string }>, status: number, what: string): Promise<T>;
  until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T>;
  asAdmin: { token: string };
  asMe: { token: string };
  sku: string;
}

/** What an adjustment says, whether amounts are Money (cart) or minor units (order lines). */
const said = (a: Adjustment) => ({
  kind: a.kind,
  source: `${a.source.type}:${a.source.id}`,
  amount: typeof a.amount === 'number' ? a.amount : a.amount.amount,
  ...(a.rateBps !== undefined ? { rateBps: a.rateBps } : {}),
});

const US = { name: 'Story', line1: '1 Congress Ave', city: 'Austin', postalCode: '73301', country: 'US' };

/**
 * A coupon and a tax rate: the customer sets an address, applies a 10 % coupon, sees the discount
 * and the tax, checks out, and finds the order's lines carrying exactly the adjustments the cart
 * showed; cancelled, the order gives the coupon's use back.
 */
export async function promotionsStory(k: StoryKit): Promise<void> {
  const { call, ok, until, asAdmin, asMe, sku } = k;
  await ok(
    call('PUT', '/admin/tax/rates', { rates: [{ country: 'US', taxClass: 'standard', rateBps: 825 }] }, asAdmin),
    200,
    'tax rates',
  );
  const code = `STORY${randomBytes(3).toString('hex').toUpperCase()}`;
  const promotion = await ok(
    call<{ id: string }>(
      'POST',
      '/admin/promotions',
      {
        code,
        name: 'Story 10 %',
        status: 'active',
        actions: [{ type: 'percentage', percent: 10 }],
        limits: { total: 3, perCustomer: 1 },
        releaseOnCancel: true,
      },
      asAdmin,
    ),
    201,
    'create promotion',
  );
  // The rejected order's 11 units came back to the cart: the customer takes 2.
  await ok(call('PATCH', `/cart/items/${sku}`, { quantity: 2 }, asMe), 200, 'two in the cart');
  await ok(call('PUT', '/cart/address', { shippingAddress: US }, asMe), 200, 'cart address');
  await ok(call('POST', '/cart/coupons', { code }, asMe), 200, 'apply coupon');
  // Quoted for the goods as discounted: a coupon applied after choosing would leave the quote stale.
  await chooseCheapest(k);
  const cart = await ok(call<Cart>('GET', '/cart', undefined, asMe), 200, 'cart');
  const t = cart.totals;
  expect(t.discount.amount).toBe(500);
  expect(t.tax.amount).toBe(Math.round(((5000 - 500) * 825) / 10_000));
  expect(t.total.amount).toBe(t.subtotal.amount - t.discount.amount + t.shipping.amount + t.tax.amount);

  const placed = await ok(
    call<{ id: string }>(
      'POST',
      '/orders',
      { shippingAddress: US, paymentToken: 'tok_visa' },
      { ...asMe, headers: { 'Idempotency-Key': `story-promo-${code}` } },
    ),
    202,
    'checkout with a coupon',
  );
  const order = (id: string) => ok(call<Order>('GET', `/orders/${id}`, undefined, asMe), 200, 'order');
  const confirmed = await until(
    () => order(placed.id),
    (o) => o.status === 'CONFIRMED',
    'discounted order confirmed',
  );
  const { subtotal, discount, shipping, tax, total } = t;
  expect(confirmed.totals).toMatchObject({ subtotal, discount, shipping, tax, total });
  expect(confirmed.promotions).toEqual([expect.objectContaining({ promotionId: promotion.id, code, amount: t.discount })]);
  for (const line of cart.lines) {
    expect(line.adjustments.map((a) => a.kind).sort()).toEqual(['discount', 'tax']);
    const item = confirmed.items.find((i) => i.sku === line.sku)!;
    expect(item.pricing!.adjustments.map(said)).toEqual(line.adjustments.map(said));
  }
  const paid = await until(
    () => call<{ status: string; amount?: Money }>('GET', `/payments/${placed.id}`, undefined, asAdmin),
    (p) => p.body.status === 'CAPTURED',
    'discounted payment captured',
  );
  expect(paid.body.amount).toEqual(t.total);

  const usage = () => ok(call<Usage>('GET', `/admin/promotions/${promotion.id}/usage`, undefined, asAdmin), 200, 'usage');
  // The use is committed after capture and the stock's commit, as the saga's last step that can fail.
  const used = await until(usage, (u) => u.rows.some((r) => r.status === 'used'), 'use committed');
  expect(used.rows).toEqual([expect.objectContaining({ orderId: placed.id, status: 'used' })]);
  await ok(call('POST', `/orders/${placed.id}/cancel`, {}, asMe), 202, 'cancel the discounted order');
  const released = await until(
    usage,
    (u) => u.rows.some((r) => r.orderId === placed.id && r.status === 'released'),
    'use released on cancel',
  );
  expect(released.rows.find((r) => r.orderId === placed.id)?.releaseReason).toBe('cancelled');
}
