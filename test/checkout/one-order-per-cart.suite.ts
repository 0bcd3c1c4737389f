import { randomBytes } from 'node:crypto';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import type { Identity } from '../support/identities';
import { startCheckoutWorld, waitFor, type CheckoutWorld } from './checkout.world';

type OrderRow = { id: string; status: string; userId: string };
type StockRow = { id: string; sku: string; onHand: number; reserved: number };
type CartBody = { lines: { sku: string; quantity: number }[]; checkoutOrderId?: string };
type ErrorBody = { error?: { type: string; orderId?: string } };

const key = () => `k-${randomBytes(6).toString('hex')}`;

/**
 * One cart is one order, the same on every engine the carts store runs on: checkouts of one cart
 * racing with different Idempotency-Keys make one order and one charge; the cart is held while its
 * checkout runs and is given up on confirmation or handed back when checkout fails.
 */
export function oneOrderPerCartSuite(engine: ServiceEngine): void {
  describe(`one order per cart (carts on ${engine.label})`, () => {
    let w: CheckoutWorld;
    // tok_slow keeps a checkout running long enough to touch the cart meanwhile.
    const { it_ } = onEngine(engine, async (env) => (w = await startCheckoutWorld({ ...env, SANDBOX_SLOW_MS: '1200' })));

    const orderOf = async (who: Identity, id: string) =>
      (await w.call<{ status: string }>('GET', `/orders/${id}`, undefined, { token: who.token })).body.status;
    /** The order reached `status` and its checkout saga ended. */
    const settled = (who: Identity, id: string, status: string) =>
      waitFor(async () => {
        const saga = await w.collection<{ id: string; status: string }>('sagas', 'saga', 'sagas').get(id);
        return (await orderOf(who, id)) === status && ['COMPLETED', 'COMPENSATED'].includes(saga?.status ?? '');
      }, `order ${status}`);
    /** A shopper with 2 units of a new product (5 in stock) in the cart, checked out with `token`: 202. */
    const placed = async (token: string) => {
      const sku = await w.product(5);
      const who = await w.shopper(sku, 2);
      const res = await w.checkout(who, key(), token);
      expect(res.status).toBe(202);
      return { sku, who, id: res.body.id };
    };
    const cartOf = async (who: Identity) => (await w.call<CartBody>('GET', '/cart', undefined, { token: who.token })).body;

    it_(
      '8 checkouts of one cart at once, each with its own key: 1 order, 1 capture, 1 unit sold; the rest 409 naming it',
      async () => {
        const sku = await w.product(10);
        const who = await w.shopper(sku, 1);
        const replies = await Promise.all(Array.from({ length: 8 }, () => w.checkout(who, key())));
        const won = replies.filter((r) => r.status === 202);
        expect(won).toHaveLength(1);
        const id = won[0].body.id;
        const lost = replies.filter((r) => r.status !== 202).map((r) => [r.status, (r.body as unknown as ErrorBody).error]);
        expect(lost).toEqual(Array(7).fill([409, expect.objectContaining({ type: 'CART_CHECKED_OUT', orderId: id })]));
        await settled(who, id, 'CONFIRMED');

        const orders = await w.collection<OrderRow>('orders', 'orders', 'orders').find({ filter: { userId: who.id } });
        expect(orders.map((o) => [o.id, o.status])).toEqual([[id, 'CONFIRMED']]);
        const payments = await w.collection<{ id: string; status: string }>('payments', 'payments', 'payments').find({});
        expect(payments.filter((p) => p.id === id || orders.some((o) => o.id === p.id)).map((p) => p.status)).toEqual([
          'CAPTURED',
        ]);
        const [stock] = await w.collection<StockRow>('inventory', 'inventory', 'stock').find({ filter: { sku } });
        expect([stock.onHand, stock.reserved]).toEqual([9, 0]);
        expect(await cartOf(who)).toMatchObject({ lines: [] });
      },
      90_000,
    );

    it_(
      'while checkout runs the cart refuses changes (409 CART_IN_CHECKOUT); confirmed, it is given up',
      async () => {
        const { sku, who, id } = await placed('tok_slow');
        const add = await w.call<ErrorBody>('POST', '/cart/items', { sku, quantity: 1 }, { token: who.token });
        expect([add.status, add.body.error]).toEqual([409, expect.objectContaining({ type: 'CART_IN_CHECKOUT' })]);
        expect(await cartOf(who)).toMatchObject({ lines: [{ sku, quantity: 2 }], checkoutOrderId: id });
        await settled(who, id, 'CONFIRMED');
        expect((await cartOf(who)).lines).toEqual([]);
        expect((await w.call('POST', '/cart/items', { sku, quantity: 1 }, { token: who.token })).status).toBe(200);
      },
      90_000,
    );

    it_(
      'a declined payment hands the cart back with its lines; it then checks out',
      async () => {
        const { sku, who, id: declined } = await placed('tok_chargeDeclined');
        await settled(who, declined, 'CANCELLED');
        const cart = await cartOf(who);
        expect(cart.lines).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
        expect(cart.checkoutOrderId).toBeUndefined();
        const paid = await w.checkout(who, key());
        expect(paid.status).toBe(202);
        await settled(who, paid.body.id, 'CONFIRMED');
        const [stock] = await w.collection<StockRow>('inventory', 'inventory', 'stock').find({ filter: { sku } });
        expect([stock.onHand, stock.reserved]).toEqual([3, 0]);
      },
      90_000,
    );
  });
}
