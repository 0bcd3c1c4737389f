import { randomBytes } from 'node:crypto';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import { probeEvents } from '../support/event-probe';
import { inBatches, startCheckoutWorld, waitFor, type CheckoutWorld } from './checkout.world';

type OrderRow = { id: string; status: string; totals: { total: number }; userId: string };
type PaymentRow = { id: string; status: string; amount?: number };
type ReservationRow = { id: string; status: string };
type StockRow = { id: string; sku: string; onHand: number; reserved: number };

/**
 * The checkout saga under contention, the same on every inventory engine: 200 customers check out
 * the last 50 units of one SKU at once; one Idempotency-Key sent many times makes one order.
 */
export function concurrentCheckoutSuite(engine: ServiceEngine): void {
  describe(`checkout under contention (inventory on ${engine.label})`, () => {
    let w: CheckoutWorld;
    let events: ReturnType<typeof probeEvents>;
    const { it_ } = onEngine(engine, async (env) => {
      w = await startCheckoutWorld(env);
      events = probeEvents(w.platform.broker);
      return w;
    });

    it_(
      '200 concurrent checkouts of 50 units: 50 CONFIRMED, 150 REJECTED, money and stock agree',
      async () => {
        const sku = await w.product(50);
        const shoppers = await inBatches(Array.from({ length: 200 }), 8, () => w.shopper(sku, 1));
        const stock = w.collection<StockRow>('inventory', 'inventory', 'stock');
        let lowest = Infinity;
        const sampler = setInterval(() => {
          void stock
            .find({ filter: { sku } })
            .then((rows) => rows.forEach((r) => (lowest = Math.min(lowest, r.onHand - r.reserved))));
        }, 20);
        const placed = await Promise.all(shoppers.map((who, i) => w.checkout(who, `hot-${i}-${randomBytes(3).toString('hex')}`)));
        expect(placed.filter((p) => p.status === 202)).toHaveLength(200);
        const ids = new Set(placed.map((p) => p.body.id));
        const orders = w.collection<OrderRow>('orders', 'orders', 'orders');
        const settledOrders = async () => (await orders.find({})).filter((o) => ids.has(o.id));
        await waitFor(
          async () => (await settledOrders()).every((o) => o.status === 'CONFIRMED' || o.status === 'REJECTED'),
          'every order settled',
        );
        const sagas = w.collection<{ id: string; status: string }>('sagas', 'saga', 'sagas');
        await waitFor(
          async () =>
            (await sagas.find({})).filter((s) => ids.has(s.id)).every((s) => ['COMPLETED', 'COMPENSATED'].includes(s.status)),
          'every saga ended',
        );
        clearInterval(sampler);

        const final = await settledOrders();
        const confirmed = final.filter((o) => o.status === 'CONFIRMED');
        expect(confirmed).toHaveLength(50);
        expect(final.filter((o) => o.status === 'REJECTED')).toHaveLength(150);
        expect(lowest).toBeGreaterThanOrEqual(0);
        const [row] = await stock.find({ filter: { sku } });
        expect(row).toMatchObject({ onHand: 0, reserved: 0 });

        const payments = (await w.collection<PaymentRow>('payments', 'payments', 'payments').find({})).filter((p) =>
          ids.has(p.id),
        );
        const captured = payments.filter((p) => p.status === 'CAPTURED');
        expect(captured.map((p) => p.id).sort()).toEqual(confirmed.map((o) => o.id).sort());
        expect(captured.reduce((s, p) => s + (p.amount ?? 0), 0)).toBe(confirmed.reduce((s, o) => s + o.totals.total, 0));
        const reservations = (await w.collection<ReservationRow>('inventory', 'inventory', 'reservations').find({})).filter((r) =>
          ids.has(r.id),
        );
        expect(reservations.filter((r) => r.status === 'active')).toEqual([]);
        expect(events.problems()).toEqual([]);
      },
      240_000,
    );

    it_(
      'one Idempotency-Key sent again and again, also concurrently, makes one order',
      async () => {
        const sku = await w.product(5);
        const who = await w.shopper(sku, 1);
        const key = `same-${randomBytes(4).toString('hex')}`;
        const replies = await Promise.all(Array.from({ length: 10 }, () => w.checkout(who, key)));
        const again = await w.checkout(who, key);
        const ids = new Set([...replies, again].map((r) => r.body.id));
        expect([...replies, again].every((r) => r.status === 202)).toBe(true);
        expect(ids.size).toBe(1);
        const [id] = ids;
        const mine = (await w.collection<OrderRow>('orders', 'orders', 'orders').find({ filter: { userId: who.id } })).map(
          (o) => o.id,
        );
        expect(mine).toEqual([id]);
        await waitFor(
          async () =>
            (await w.call<{ status: string }>('GET', `/orders/${id}`, undefined, { token: who.token })).body.status ===
            'CONFIRMED',
          'order confirmed',
        );
        // The saga confirms before it captures: the capture follows the confirmation, shortly.
        const paymentsOf = () => w.collection<PaymentRow>('payments', 'payments', 'payments').find({ filter: { id } });
        await waitFor(async () => (await paymentsOf()).some((p) => p.status === 'CAPTURED'), 'payment captured');
        expect((await paymentsOf()).map((p) => p.status)).toEqual(['CAPTURED']);
      },
      60_000,
    );
  });
}
