import { randomBytes } from 'node:crypto';
import { client, type Call } from '../support/http';
import { promotionsStory } from './checkout.promotions.story';
import { returnsStory } from './checkout.returns.story';
import { chooseCheapest, freeShippingTo, shippingStory } from './checkout.shipping.story';
import { untilListed } from '../catalog/catalog-listed';

/**
 * The whole story over HTTP, against any running platform (embedded process, cluster, in-process):
 * register, browse, cart, checkout to CONFIRMED with the payment captured, stock committed, the
 * notification written and every saga step in the history; then a declined card, an out-of-stock
 * line and a cancel after confirmation; then a coupon and tax, shipping to delivered and returns
 * (checkout.{promotions,shipping,returns}.story.ts). Only public and admin routes: nothing reaches into stores.
 */
type Order = {
  id: string;
  status: string;
  totals: { total: { amount: number; currency: string } };
  history: { to: string }[];
  items: { sku: string; quantity: number }[];
};
type Levels = { available: number; warehouses: { warehouse: string; onHand: number; reserved: number }[] };
const uniq = () => randomBytes(4).toString('hex');

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T;
  do {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  throw new Error(`${what}: never happened; last ${JSON.stringify(last)}`);
}

export async function checkoutStory(api: string, admin: { email: string; password: string }): Promise<void> {
  const call: Call = client(api);
  const ok = async <T>(res: Promise<{ status: number; body: T; text: string }>, status: number, what: string): Promise<T> => {
    const r = await res;
    if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.text}`);
    return r.body;
  };
  const adminToken = (await ok(call<{ accessToken: string }>('POST', '/auth/login', admin), 200, 'admin login')).accessToken;
  const asAdmin = { token: adminToken };
  await freeShippingTo({ call, ok, asAdmin }, [
    { country: 'DE', postalCode: '10115' },
    { country: 'US', postalCode: '73301' },
  ]);

  // An admin lists a product with 5 in stock.
  const sku = `STORY-${uniq().toUpperCase()}`;
  const product = await ok(
    call<{ id: string }>(
      'POST',
      '/products',
      {
        slug: `story-${uniq()}`,
        name: `Story lamp ${sku}`,
        brand: 'Lumen',
        status: 'active',
        variants: [{ sku, prices: [{ amount: 2500, currency: 'EUR' }] }],
      },
      asAdmin,
    ),
    201,
    'create product',
  );
  await ok(
    call('POST', '/inventory/receipts', { sku, warehouse: 'main', quantity: 5, ref: `po-${sku}` }, asAdmin),
    201,
    'receive stock',
  );
  const levels = () => ok(call<Levels>('GET', `/inventory/${sku}`), 200, 'levels');

  // A customer registers, finds it, fills a cart and checks out.
  const email = `story-${uniq()}@example.com`;
  const me = await ok(
    call<{ accessToken: string; user: { id: string } }>('POST', '/auth/register', {
      email,
      password: 'a long story passphrase',
      name: 'Story',
    }),
    201,
    'register',
  );
  const asMe = { token: me.accessToken };
  // The listing is the search read model: it shows a new product shortly after the write.
  await untilListed(call, `/products?search=${encodeURIComponent(sku)}`, (p) => p.rows.some((r) => r.id === product.id));
  const address = await ok(
    call<{ id: string }>(
      'POST',
      '/me/addresses',
      { name: 'Story', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      asMe,
    ),
    201,
    'address',
  );
  const checkout = async (quantity: number, paymentToken: string) => {
    await ok(call('POST', '/cart/items', { sku, quantity }, asMe), 200, 'add to cart');
    await ok(call('PUT', '/cart/address', { shippingAddressId: address.id }, asMe), 200, 'cart address');
    await chooseCheapest({ call, ok, asMe });
    const key = `story-${uniq()}`;
    const placed = await ok(
      call<{ id: string; status: string }>(
        'POST',
        '/orders',
        { shippingAddressId: address.id, paymentToken },
        { ...asMe, headers: { 'Idempotency-Key': key } },
      ),
      202,
      'checkout',
    );
    return placed.id;
  };
  const order = (id: string) => ok(call<Order>('GET', `/orders/${id}`, undefined, asMe), 200, 'order');
  const settled = (id: string, status: string) =>
    until(
      () => order(id),
      (o) => o.status === status,
      `order ${id} ${status}`,
    );
  const payment = (id: string) =>
    call<{ status: string; amount?: { amount: number } }>('GET', `/payments/${id}`, undefined, asAdmin);

  const first = await settled(await checkout(2, 'tok_visa'), 'CONFIRMED');
  expect(first.totals).toMatchObject({ total: { amount: 5000, currency: 'EUR' } });
  expect(first.history.map((h) => h.to)).toEqual(['PENDING', 'CONFIRMED']);
  const captured = await until(
    () => payment(first.id),
    (p) => p.body.status === 'CAPTURED',
    'payment captured',
  );
  expect(captured.body.amount?.amount).toBe(5000);
  const afterSale = await until(levels, (l) => l.warehouses[0]?.onHand === 3, 'stock committed');
  expect(afterSale).toMatchObject({ available: 3, warehouses: [{ onHand: 3, reserved: 0 }] });
  const saga = await until(
    () =>
      ok(
        call<{ status: string; steps: { id: string; status: string }[] }>('GET', `/admin/sagas/${first.id}`, undefined, asAdmin),
        200,
        'saga',
      ),
    (sg) => sg.status === 'COMPLETED',
    'checkout saga completed',
  );
  expect(saga.steps.map((s) => s.id)).toEqual([
    'reserve-inventory',
    'reserve-promotion-usage',
    'authorize-payment',
    'confirm-order',
    'capture-payment',
    'commit-reservation',
    'commit-promotion-usage',
    'settle-cart',
    'notify',
  ]);
  const mails = await until(
    () =>
      ok(
        call<{ rows: { template: string; status: string }[] }>(
          'GET',
          `/notifications/deliveries?userId=${me.user.id}`,
          undefined,
          asAdmin,
        ),
        200,
        'deliveries',
      ),
    (d) => d.rows.some((r) => r.template === 'order-confirmed' && r.status === 'sent'),
    'confirmation mail',
  );
  expect(mails.rows.length).toBeGreaterThan(0);

  // A declined card: the order is cancelled and the reservation released.
  const declined = await settled(await checkout(1, 'tok_chargeDeclined'), 'CANCELLED');
  expect((await payment(declined.id)).body.status).toBe('DECLINED');
  await until(levels, (l) => l.available === 3, 'reservation released after decline');

  // More than is in stock: rejected, nothing charged.
  const tooMany = await settled(await checkout(10, 'tok_visa'), 'REJECTED');
  const uncharged = await payment(tooMany.id);
  expect(uncharged.status === 404 || !['AUTHORIZED', 'CAPTURED'].includes(uncharged.body.status)).toBe(true);
  expect((await levels()).available).toBe(3);

  // A confirmed order cancelled by its customer: refunded and restocked.
  await ok(call('POST', `/orders/${first.id}/cancel`, {}, asMe), 202, 'cancel');
  await settled(first.id, 'CANCELLED');
  await until(
    () => payment(first.id),
    (p) => p.body.status === 'REFUNDED',
    'refund',
  );
  await until(levels, (l) => l.available === 5 && l.warehouses[0]?.onHand === 5, 'restock');

  await promotionsStory({ call, ok, until, asAdmin, asMe, sku });
  await shippingStory({ call, ok, until, asAdmin, asMe, sku, userId: me.user.id });
  await returnsStory({ call, ok, until, asAdmin, asMe, sku, userId: me.user.id });
}
