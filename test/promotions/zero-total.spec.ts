import { randomBytes } from 'node:crypto';
import { onEngine, postgresEngine } from '../support/service-engines';
import { startCheckoutWorld, waitFor, type CheckoutWorld } from '../checkout/checkout.world';
import { auditWorld, type OrderRow, type UsageDoc } from './promotions.world';

type Saga = { status: string; data: { paymentSkipped?: string }; steps: { id: string; status: string }[] };

/** A 100 % coupon on the real servers: a zero order confirms without a payment, and cancels without a refund. */
describe('a fully discounted order', () => {
  let w: CheckoutWorld;
  const { it_ } = onEngine(postgresEngine('discounts'), async (env) => (w = await startCheckoutWorld(env)));

  it_(
    'skips authorization and capture, ends CONFIRMED, commits the use; cancelled, nothing is refunded and the use comes back',
    async () => {
      const admin = { token: w.cast.admin.token };
      const code = `FREE${randomBytes(3).toString('hex').toUpperCase()}`;
      const promo = await w.call<{ id: string }>(
        'POST',
        '/admin/promotions',
        { code, status: 'active', actions: [{ type: 'percentage', percent: 100 }], releaseOnCancel: true },
        admin,
      );
      expect(promo.status).toBe(201);
      const who = await w.shopper(await w.product(5), 2);
      const cart = await w.call<{ totals: { total: { amount: number } } }>(
        'POST',
        '/cart/coupons',
        { code },
        { token: who.token },
      );
      expect(cart.body.totals.total.amount).toBe(0);
      const placed = await w.checkout(who, `free-${code}`);
      expect(placed.status).toBe(202);
      const id = placed.body.id;
      const saga = () => w.call<Saga>('GET', `/admin/sagas/${id}`, undefined, admin);
      await waitFor(async () => (await saga()).body.status === 'COMPLETED', 'checkout completed', 60_000);
      const done = (await saga()).body;
      expect(done.data.paymentSkipped).toMatch(/zero total/);
      const [order] = await w.collection<OrderRow>('orders', 'orders', 'orders').find({ filter: { id } });
      expect(order).toMatchObject({ status: 'CONFIRMED', totals: { total: 0, discount: 2 * 1999 } });
      expect((await w.call('GET', `/payments/${id}`, undefined, admin)).status).toBe(404);
      const usage = w.collection<UsageDoc>('discounts', 'discounts', 'promotion_usage');
      expect((await usage.find({ filter: { orderId: id } })).map((u) => u.status)).toEqual(['used']);
      expect((await auditWorld(w)).violations).toEqual([]);

      expect((await w.call('POST', `/orders/${id}/cancel`, {}, { token: who.token })).status).toBe(202);
      await waitFor(
        async () => (await w.call<Saga>('GET', `/admin/sagas/cancel:${id}`, undefined, admin)).body.status === 'COMPLETED',
        'cancel completed',
        60_000,
      );
      const cancelled = await w.call<Saga & { data: { refunded?: boolean } }>(
        'GET',
        `/admin/sagas/cancel:${id}`,
        undefined,
        admin,
      );
      expect(cancelled.body.data).toMatchObject({ refunded: false, restocked: true, promotionsReleased: true });
      expect((await usage.find({ filter: { orderId: id } })).map((u) => [u.status, u.releaseReason])).toEqual([
        ['released', 'cancelled'],
      ]);
      expect((await auditWorld(w)).violations).toEqual([]);
    },
    120_000,
  );
});
