import { randomBytes } from 'node:crypto';
import type { StoryKit } from './checkout.promotions.story';
import { chooseCheapest, zoneFor } from './checkout.shipping.story';

type Money = { amount: number; currency: string };
type Totals = { subtotal: Money; discount: Money; shipping: Money; tax: Money; total: Money };
type Order = {
  status: string;
  totals: Totals;
  returnStatus: string | null;
  items: { sku: string; returned: number; refunded: number }[];
};
type Return = { id: string; rma: string; status: string; refund: Money };
type Levels = { warehouses: { warehouse: string; onHand: number }[] };
type Movements = { rows: { id: string; reason: string; onHandDelta: number }[]; total: number };
type Rows<T> = { rows: T[] };

const eur = (amount: number) => ({ amount, currency: 'EUR' });
/** Largest remainder over a line's units: the first `amount % n` units bear one more minor unit. */
const unitShare = (amount: number, n: number, index: number) => Math.floor(amount / n) + (index < amount % n ? 1 : 0);

/**
 * Returns from the customer's side: a delivered order of two units with a 10 % coupon, tax and
 * paid shipping. One unit comes back resaleable: exactly what that unit paid is refunded (its
 * price less its share of the discount plus its tax, computed here from the rates), it is back in
 * stock in main with the ledger adding up, the coupon's use stays, and every return mail is sent.
 * The other comes back damaged: written off, refunded with the shipping (the order is returned
 * whole), the order RETURNED, the payment refunded to the cent, the coupon's use given back.
 */
export async function returnsStory(k: StoryKit & { userId: string }): Promise<void> {
  const { call, ok, until, asAdmin, asMe, sku } = k;
  const get = <T>(path: string, who = asAdmin) => ok(call<T>('GET', path, undefined, who), 200, `GET ${path}`);
  const post = <T>(path: string, body: object, status: number, who = asAdmin) =>
    ok(call<T>('POST', path, body, who), status, `POST ${path}`);
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const postalCode = `2${tag.slice(0, 4).replace(/\D/g, '0')}`;
  const address = { name: 'Story', line1: '3 Hafenstraße', city: 'Hamburg', postalCode, country: 'DE' };
  await zoneFor(k, address, [{ name: 'Story returns standard', rateCard: { type: 'flat', amount: eur(490) } }]);
  const code = `RET${tag}`;
  const actions = [{ type: 'percentage', percent: 10 }];
  const promotion = await post<{ id: string }>(
    '/admin/promotions',
    { code, name: 'Story returns 10 %', status: 'active', actions, releaseOnCancel: true },
    201,
  );
  await post('/inventory/receipts', { sku, warehouse: 'main', quantity: 2, ref: `po-ret-${tag}` }, 201);
  const onHand = async () => (await get<Levels>(`/inventory/${sku}`)).warehouses.find((w) => w.warehouse === 'main')?.onHand ?? 0;
  await post('/cart/items', { sku, quantity: 2 }, 200, asMe);
  await ok(call('PUT', '/cart/address', { shippingAddress: address }, asMe), 200, 'cart address');
  // The coupon first: a quote binds the goods value, so a coupon applied after choosing leaves it stale.
  await post('/cart/coupons', { code }, 200, asMe);
  await chooseCheapest(k);
  const t = (await get<{ totals: Totals }>('/cart', asMe)).totals;
  // 2 × 25.00 less 10 %, 19 % on the goods, 4.90 shipping taxed at 7 %.
  const goodsTax = Math.round(((5000 - 500) * 1_900) / 10_000);
  const shippingTax = Math.round((490 * 700) / 10_000);
  const tax = eur(goodsTax + shippingTax);
  expect(t).toMatchObject({ subtotal: eur(5000), discount: eur(500), shipping: eur(490), tax, total: eur(4990 + tax.amount) });
  const key = { ...asMe, headers: { 'Idempotency-Key': `story-ret-${tag}` } };
  const placed = await ok(call<{ id: string }>('POST', '/orders', { paymentToken: 'tok_visa' }, key), 202, 'checkout');
  const order = () => get<Order>(`/orders/${placed.id}`, asMe);
  await until(order, (o) => o.status === 'CONFIRMED', 'order confirmed');
  const shipments = () => get<Rows<{ id: string }>>(`/orders/${placed.id}/shipments`, asMe);
  for (const s of (await until(shipments, (r) => r.rows.length > 0, 'shipments')).rows)
    await post(`/admin/shipments/${encodeURIComponent(s.id)}/ship`, {}, 200);
  await until(order, (o) => o.status === 'DELIVERED', 'order delivered');
  const stocked = await onHand();

  // What each unit paid, from the order's own amounts: the goods' total spread over the two units,
  // one minor unit apart; a partial return gives back the unit that paid least (the dearer goes last).
  const goods = 5000 - 500 + goodsTax;
  const [first, second] = [unitShare(goods, 2, 1), unitShare(goods, 2, 0)];
  const backWith = async (reason: string, condition: string) => {
    const lines = [{ sku, quantity: 1, reason }];
    const made = await post<Return>(`/orders/${placed.id}/returns`, { lines, resolution: 'refund' }, 201, asMe);
    expect(made).toMatchObject({ id: expect.any(String), rma: expect.stringMatching(/^RMA-\d+$/), status: expect.any(String) });
    await post(`/admin/returns/${made.id}/approve`, {}, 200);
    const receipt = { warehouse: 'main', lines: [{ sku, quantity: 1, condition }] };
    expect([200, 202]).toContain((await call('POST', `/admin/returns/${made.id}/receive`, receipt, asAdmin)).status);
    const view = () => get<Return>(`/returns/${made.id}`, asMe);
    return { made, done: await until(view, (r) => r.status === 'closed', `return ${made.rma} closed`) };
  };
  const payment = () => get<{ status: string; amount: Money; refunded?: Money }>(`/payments/${placed.id}`);
  const usage = () =>
    get<Rows<{ orderId: string; status: string; releaseReason?: string }>>(`/admin/promotions/${promotion.id}/usage`);
  const mails = ['return-requested', 'return-approved', 'return-received', 'refund-issued'];
  const mailed = (returnId: string) =>
    until(
      () =>
        get<Rows<{ template: string; status: string; returnId?: string }>>(
          `/notifications/deliveries?userId=${k.userId}&pageSize=100`,
        ),
      (m) => mails.every((tpl) => m.rows.some((r) => r.template === tpl && r.returnId === returnId && r.status === 'sent')),
      `mails of return ${returnId}`,
    );
  const ledgerOf = async () => {
    const moves = await get<Movements>(`/inventory/${sku}/movements?warehouse=main&pageSize=100`);
    expect(moves.total).toBeLessThanOrEqual(100);
    return { moves: moves.rows, sum: moves.rows.reduce((n, m) => n + m.onHandDelta, 0) };
  };

  // One unit back, resaleable.
  const one = await backWith('changed-mind', 'resaleable');
  expect(one.done.refund).toEqual(eur(first));
  expect(await payment()).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: eur(first) });
  expect(await until(onHand, (n) => n === stocked + 1, 'one unit back in main')).toBe(stocked + 1);
  let ledger = await ledgerOf();
  expect(ledger.moves.filter((m) => m.id.includes(one.made.id)).map((m) => [m.reason, m.onHandDelta])).toEqual([['return', 1]]);
  expect(ledger.sum).toBe(stocked + 1);
  expect((await usage()).rows).toEqual([expect.objectContaining({ orderId: placed.id, status: 'used' })]);
  const partly = await until(
    order,
    (o) => o.returnStatus === 'PARTIALLY_RETURNED' && o.items[0].refunded === 1,
    'partly returned',
  );
  expect(partly).toMatchObject({ status: 'DELIVERED', items: [{ sku, returned: 1, refunded: 1 }] });
  await mailed(one.made.id);

  // The other unit back, damaged: written off, refunded with the shipping (the order is returned whole).
  const two = await backWith('damaged', 'damaged');
  expect(two.done.refund).toEqual(eur(second + 490 + shippingTax));
  expect(first + second + 490 + shippingTax).toBe(t.total.amount);
  expect(await until(payment, (p) => p.status === 'REFUNDED', 'payment refunded')).toMatchObject({ refunded: t.total });
  ledger = await ledgerOf();
  const written = ledger.moves.filter((m) => m.id.includes(two.made.id)).map((m) => [m.reason, m.onHandDelta]);
  expect(written.sort()).toEqual([
    ['return', 1],
    ['write-off', -1],
  ]);
  expect([ledger.sum, await onHand()]).toEqual([stocked + 1, stocked + 1]);
  const returned = await until(order, (o) => o.returnStatus === 'RETURNED', 'order returned');
  expect(returned).toMatchObject({ status: 'DELIVERED', items: [{ sku, returned: 2, refunded: 2 }] });
  await mailed(two.made.id);
  // The promotion gives its use back on cancel, so on a whole return too.
  const released = await until(usage, (u) => u.rows[0]?.status === 'released', 'use given back');
  expect(released.rows[0].releaseReason).toBe('returned');
}
