import { randomBytes } from 'node:crypto';
import type { Identity } from '../support/identities';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import { inBatches, startCheckoutWorld, type CheckoutWorld } from '../checkout/checkout.world';
import { auditWorld, declinedCard, settle, type OrderRow, type UsageDoc } from './promotions.world';

const TOTAL = 50;
const CUSTOMERS = 150;
/** Customers whose first card is declined; with 30 more, they check out a second time. */
const DECLINERS = 20;
const REPEATERS = 50;

/**
 * A coupon limited to 50 uses in all and 1 per customer, on the discounts store's engine: 200
 * checkouts by 150 customers. The first 150 go at once (20 with a card that is declined after the
 * use was reserved); once they have ended, 50 of the customers (the 20 declined among them) check
 * out again at once. A customer's two checkouts cannot overlap (one cart, one claim), so the second
 * wave is where the per-customer limit meets a customer who already used the coupon. Exactly 50
 * orders confirm discounted whatever the interleaving: the declined ones' returned uses go to the
 * second wave, which holds at least 20 customers who have not used the coupon.
 */
export function promotionLimitsSuite(engine: ServiceEngine): void {
  describe(`promotion usage limits under concurrent checkouts (discounts on ${engine.label})`, () => {
    let w: CheckoutWorld;
    const { it_ } = onEngine(engine, async (env) => (w = await startCheckoutWorld(env)));

    it_(
      '50 uses, 1 per customer: 200 checkouts by 150 customers confirm exactly 50 discounted orders; declined cards give theirs back',
      async () => {
        const admin = { token: w.cast.admin.token };
        const code = `LIMIT${randomBytes(3).toString('hex').toUpperCase()}`;
        const created = await w.call<{ id: string }>(
          'POST',
          '/admin/promotions',
          { code, status: 'active', actions: [{ type: 'percentage', percent: 10 }], limits: { total: TOTAL, perCustomer: 1 } },
          admin,
        );
        expect(created.status).toBe(201);
        const promotionId = created.body.id;
        const sku = await w.product(1_000);
        const fill = async (who: Identity) => {
          expect((await w.call('POST', '/cart/items', { sku, quantity: 1 }, { token: who.token })).status).toBe(200);
          return (
            await w.call<{ totals: { discount: { amount: number } } }>('POST', '/cart/coupons', { code }, { token: who.token })
          ).status;
        };
        const customers = await inBatches(Array.from({ length: CUSTOMERS }), 16, async () => {
          const who = await w.cast.newCustomer();
          expect(await fill(who)).toBe(200);
          return who;
        });
        const key = () => `promo-${randomBytes(4).toString('hex')}`;
        const first = await Promise.all(
          customers.map((who, i) => w.checkout(who, key(), i < DECLINERS ? declinedCard : 'tok_visa')),
        );
        expect(first.map((r) => r.status)).toEqual(Array(CUSTOMERS).fill(202));
        await settle(
          w,
          first.map((r) => r.body.id),
        );

        // The declined 20 and 30 others go again; a customer whose order was confirmed has an empty cart.
        const again = customers.slice(0, DECLINERS).concat(customers.slice(CUSTOMERS - (REPEATERS - DECLINERS)));
        const orders = w.collection<OrderRow>('orders', 'orders', 'orders');
        const confirmedOnce = new Set((await orders.find({ filter: { status: 'CONFIRMED' } })).map((o) => o.userId));
        // The coupon is refused at the cart (the customer used it) or at checkout: either way not twice.
        await Promise.all(again.filter((who) => confirmedOnce.has(who.id)).map((who) => fill(who)));
        const second = await Promise.all(again.map((who) => w.checkout(who, key())));
        expect(second.map((r) => r.status)).toEqual(Array(REPEATERS).fill(202));
        const ids = [...first, ...second].map((r) => r.body.id);
        await settle(w, ids);

        const mine = new Set(ids);
        const all = (await orders.find({})).filter((o) => mine.has(o.id));
        const discounted = all.filter(
          (o) => o.status === 'CONFIRMED' && o.promotions?.some((p) => p.promotionId === promotionId),
        );
        expect(discounted.length).toBe(TOTAL);
        expect(discounted.every((o) => o.totals.discount > 0)).toBe(true);
        const perCustomer = new Map<string, number>();
        for (const o of discounted) perCustomer.set(o.userId, (perCustomer.get(o.userId) ?? 0) + 1);
        expect([...perCustomer.values()].filter((n) => n > 1)).toEqual([]);

        const usage = (await w.collection<UsageDoc>('discounts', 'discounts', 'promotion_usage').find({})).filter(
          (u) => u.promotionId === promotionId,
        );
        expect(
          usage
            .filter((u) => u.status === 'used')
            .map((u) => u.orderId)
            .sort(),
        ).toEqual(discounted.map((o) => o.id).sort());
        expect(usage.filter((u) => u.status === 'reserved')).toEqual([]);
        // Every declined order that had reserved a use gave it back.
        const declined = new Set(all.filter((o) => o.status === 'CANCELLED').map((o) => o.id));
        expect(declined.size).toBeGreaterThan(0);
        const declinedUses = usage.filter((u) => declined.has(u.orderId));
        expect(declinedUses.every((u) => u.status === 'released' && u.releaseReason === 'checkout-failed')).toBe(true);
        const report = await auditWorld(w);
        expect(report.violations).toEqual([]);
      },
      420_000,
    );
  });
}
