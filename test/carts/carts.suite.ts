import type { Cart } from '../../services/carts/carts.contract';
import type { Collection, Store } from '../../mixins/store/store.types';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import type { Identity } from '../support/identities';
import { madeUpToken, MAX_LINES, MAX_QUANTITY, startWorld, STICKERS, type Body, type World } from './carts.fixtures';

const DAY = 86_400_000;
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const lineOf = (body: Body, sku: string) => body.lines.find((l) => l.sku === sku);
const quantities = (body: Body) => Object.fromEntries(body.lines.map((l) => [l.sku, l.quantity]));

/** The carts behaviour, the same on every engine the carts store can be configured for. */
export function cartsSuite(engine: ServiceEngine, extra?: (world: () => World) => void): void {
  describe(`carts on ${engine.label}`, () => {
    let w: World;
    let carts: Collection<Cart>;
    const { it_ } = onEngine(engine, async (env) => {
      w = await startWorld(env);
      const service = w.platform.broker.getLocalService('carts') as unknown as { store(name: string): Store };
      carts = service.store('carts').collection<Cart>('carts');
      return w;
    });

    const add = (sku: string, quantity: number, opts: { as?: Identity; token?: string } = {}) =>
      w.req('POST', '/cart/items', { ...opts, body: { sku, quantity } });
    const cartIds = async () => (await carts.find({})).map((c) => c.id).sort();

    it_('keeps an anonymous cart by the token it issues on the first write, storing only its hash', async () => {
      const empty = await w.req('GET', '/cart');
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({
        lines: [],
        totals: { currency: null, subtotal: null, discount: null, shipping: null, tax: null, total: null, itemCount: 0 },
        coupons: [],
        promotions: [],
        refusedCoupons: [],
        tax: { estimated: false, pricesIncludeTax: false },
        pricing: 'ok',
        shippingAddress: null,
        shipping: null,
        expiresAt: null,
      });

      const first = await add('MUG-RED', 2);
      expect(first.status).toBe(200);
      const token = first.body.cartToken!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(first.headers.get('x-cart-token')).toBe(token);
      expect(first.body.lines).toEqual([
        {
          sku: 'MUG-RED',
          productId: w.products.mug,
          name: 'Mug',
          quantity: 2,
          unitPrice: { amount: 1250, currency: 'EUR' },
          lineTotal: eur(2500),
          discount: eur(0),
          tax: eur(0),
          adjustments: [],
          available: 5,
          status: 'ok',
        },
      ]);
      expect(first.body.expiresAt).toBeGreaterThan(Date.now() + 7 * DAY - 60_000);
      expect(first.body.expiresAt).toBeLessThanOrEqual(Date.now() + 7 * DAY);

      const again = await add('MUG-RED', 1, { token });
      expect(again.status).toBe(200);
      expect(again.body.cartToken).toBeUndefined();
      expect(again.headers.get('x-cart-token')).toBeNull();
      expect(quantities(again.body)).toEqual({ 'MUG-RED': 3 });
      expect(quantities((await w.req('GET', '/cart', { token })).body)).toEqual({ 'MUG-RED': 3 });
      expect((await w.req('GET', '/cart')).body.lines).toEqual([]);

      const stored = JSON.stringify(await carts.find({}));
      expect(stored).not.toContain(token);
      const { anonymousCartId } = await import('../../services/carts/carts.tokens.domain');
      expect(await carts.get(anonymousCartId(token))).toMatchObject({
        owner: 'anonymous',
        lines: [{ sku: 'MUG-RED', quantity: 3 }],
      });
    });

    it_('keeps one cart per customer, priced and totalled server-side', async () => {
      const ann = await w.cast.newCustomer();
      expect((await add('MUG-RED', 1, { as: ann })).body.cartToken).toBeUndefined();
      const res = await add('POSTER-A', 3, { as: ann });
      expect(res.status).toBe(200);
      expect(res.body.totals).toEqual({
        currency: 'EUR',
        subtotal: eur(1250 + 3 * 990),
        discount: eur(0),
        shipping: eur(0),
        tax: eur(0),
        total: eur(4220),
        itemCount: 4,
      });
      expect(res.body).toMatchObject({ pricing: 'ok', tax: { estimated: false }, coupons: [] });
      expect(res.body.expiresAt).toBeGreaterThan(Date.now() + 30 * DAY - 60_000);
      const read = await w.req('GET', '/cart', { as: ann });
      expect(read.body).toEqual(res.body);
      expect((await w.req('PATCH', '/cart/items/POSTER-A', { as: ann, body: { quantity: 1 } })).body.totals.total).toEqual(
        eur(1250 + 990),
      );
      expect((await w.req('DELETE', '/cart/items/MUG-RED', { as: ann })).status).toBe(204);
      expect((await w.req('DELETE', '/cart/items/MUG-RED', { as: ann })).status).toBe(204);
      expect(quantities((await w.req('GET', '/cart', { as: ann })).body)).toEqual({ 'POSTER-A': 1 });

      const priced = await w.system<Body>('carts.get', { userId: ann.id });
      expect(priced.lines.map((l) => [l.sku, l.quantity, l.status])).toEqual([['POSTER-A', 1, 'ok']]);
      expect(await w.system('carts.clear', { userId: ann.id })).toEqual({ cleared: true });
      expect(await w.system('carts.clear', { userId: ann.id })).toEqual({ cleared: false });
      expect((await w.req('GET', '/cart', { as: ann })).body.lines).toEqual([]);
    });

    it_('merges the anonymous cart into the customer’s at login, once', async () => {
      const token = (await add('MUG-RED', 2)).body.cartToken!;
      await add('MUG-BLUE', 1, { token });
      await add('LAMP-1', 8, { token });
      const bo = await w.cast.newCustomer();
      await add('MUG-RED', 1, { as: bo });
      await add('LAMP-1', 5, { as: bo });
      await add('POSTER-A', 1, { as: bo });

      const merged = await w.req('POST', '/cart/merge', { as: bo, token });
      expect(merged.status).toBe(200);
      expect(quantities(merged.body)).toEqual({ 'MUG-RED': 3, 'LAMP-1': MAX_QUANTITY, 'POSTER-A': 1, 'MUG-BLUE': 1 });
      expect(merged.body.merge).toEqual({
        added: ['MUG-BLUE'],
        increased: ['MUG-RED', 'LAMP-1'],
        capped: ['LAMP-1'],
        dropped: [],
      });
      expect((await w.req('GET', '/cart', { token })).body.lines).toEqual([]);
      const { anonymousCartId } = await import('../../services/carts/carts.tokens.domain');
      expect(await carts.get(anonymousCartId(token))).toBeNull();

      const twice = await w.req('POST', '/cart/merge', { as: bo, token });
      expect(twice.status).toBe(200);
      expect(twice.body.merge).toBeNull();
      expect(quantities(twice.body)).toEqual(quantities(merged.body));
      expect((await w.req('POST', '/cart/merge', { as: bo })).body.merge).toBeNull();
      expect((await w.req('POST', '/cart/merge', { token })).status).toBe(401);
    });

    it_('merges on any signed-in cart request that carries a token, for clients that forget to call merge', async () => {
      const token = (await add('POSTER-A', 2)).body.cartToken!;
      const cy = await w.cast.newCustomer();
      const read = await w.req('GET', '/cart', { as: cy, token });
      expect(quantities(read.body)).toEqual({ 'POSTER-A': 2 });
      expect((await add('POSTER-A', 1, { as: cy, token })).body.lines[0].quantity).toBe(3);
      expect((await w.req('GET', '/cart', { token })).body.lines).toEqual([]);
    });

    it_('shows the current price and stock on every read', async () => {
      const di = await w.cast.newCustomer();
      await add('LAMP-1', 2, { as: di });
      await add('MUG-BLUE', 1, { as: di });
      const before = await w.req('GET', '/cart', { as: di });
      expect(lineOf(before.body, 'LAMP-1')).toMatchObject({ unitPrice: { amount: 4999 }, available: 3, status: 'ok' });
      expect(lineOf(before.body, 'MUG-BLUE')).toMatchObject({
        available: 0,
        status: 'insufficient_stock',
        lineTotal: { amount: 1250 },
      });
      expect(before.body.totals.subtotal).toEqual(eur(2 * 4999 + 1250));

      const priced = await w.req('PUT', `/products/${w.products.lamp}/variants/LAMP-1/prices`, {
        as: w.cast.admin,
        body: { prices: [{ amount: 3999, currency: 'EUR' }] },
      });
      expect(priced.status).toBe(200);
      await w.system('inventory.receive', { sku: 'MUG-BLUE', warehouse: 'main', quantity: 4, ref: 'restock-blue' });
      const after = await w.req('GET', '/cart', { as: di });
      expect(lineOf(after.body, 'LAMP-1')).toMatchObject({
        unitPrice: { amount: 3999 },
        lineTotal: { amount: 7998 },
        status: 'ok',
      });
      expect(lineOf(after.body, 'MUG-BLUE')).toMatchObject({ available: 4, status: 'ok' });
      expect(after.body.totals).toMatchObject({ subtotal: eur(7998 + 1250), total: eur(7998 + 1250), itemCount: 3 });

      expect((await w.req('DELETE', `/products/${w.products.lamp}`, { as: w.cast.admin })).status).toBe(204);
      const archived = await w.req('GET', '/cart', { as: di });
      expect(lineOf(archived.body, 'LAMP-1')).toMatchObject({
        status: 'unavailable',
        unitPrice: null,
        lineTotal: null,
        name: 'Lamp',
      });
      expect(archived.body.totals).toMatchObject({ subtotal: eur(1250), itemCount: 3 });
      expect((await add('LAMP-1', 1, { as: di })).body.error.type).toBe('NOT_AVAILABLE');
    });

    it_(
      'validates quantities, SKUs and limits, and writes nothing when it refuses',
      async () => {
        const ed = await w.cast.newCustomer();
        const before = await cartIds();
        const refused = [
          [{ sku: 'MUG-RED', quantity: 0 }, 422],
          [{ sku: 'MUG-RED', quantity: MAX_QUANTITY + 1 }, 422],
          [{ sku: 'MUG-RED', quantity: 1.5 }, 422],
          [{ sku: 'MUG-RED', quantity: '2' }, 422],
          [{ sku: 'mug-red', quantity: 1 }, 422],
          [{ sku: 'MUG-RED', quantity: 1, price: 1 }, 422],
          [{ sku: 'NOPE-1', quantity: 1 }, 404],
          [{ sku: 'SECRET-1', quantity: 1 }, 404],
          [{ sku: 'OLD-1', quantity: 1 }, 409],
        ] as const;
        for (const [body, status] of refused) {
          expect([body, (await w.req('POST', '/cart/items', { body })).status]).toEqual([body, status]);
          expect([body, (await w.req('POST', '/cart/items', { body, as: ed })).status]).toEqual([body, status]);
        }
        expect(await cartIds()).toEqual(before);

        await add('MUG-RED', 4, { as: ed });
        const over = await add('MUG-RED', MAX_QUANTITY - 3, { as: ed });
        expect([over.status, over.body.error.type]).toEqual([409, 'QUANTITY_LIMIT']);
        const usd = await add('CAP-US', 1, { as: ed });
        expect([usd.status, usd.body.error.type]).toEqual([409, 'CURRENCY_MISMATCH']);
        expect((await w.req('PATCH', '/cart/items/MUG-RED', { as: ed, body: { quantity: 0 } })).status).toBe(422);
        expect((await w.req('PATCH', '/cart/items/POSTER-A', { as: ed, body: { quantity: 1 } })).status).toBe(404);
        expect(
          (await w.req('PATCH', '/cart/items/MUG-RED', { as: ed, body: { quantity: MAX_QUANTITY } })).body.lines[0].quantity,
        ).toBe(MAX_QUANTITY);
        expect((await w.req('DELETE', '/cart/items/MUG-RED', { as: ed })).status).toBe(204);
        expect((await add('CAP-US', 1, { as: ed })).body.totals.currency).toBe('USD');

        const fay = await w.cast.newCustomer();
        for (const sku of STICKERS.slice(0, MAX_LINES)) expect((await add(sku, 1, { as: fay })).status).toBe(200);
        const full = await add(STICKERS[MAX_LINES], 1, { as: fay });
        expect([full.status, full.body.error.type]).toEqual([409, 'LIMIT_REACHED']);
        expect((await add(STICKERS[0], 1, { as: fay })).status).toBe(200);
      },
      60_000,
    );

    it_('keeps carts apart: nobody reaches another’s cart, and a made-up token finds an empty one', async () => {
      const [gus, hal] = [await w.cast.newCustomer(), await w.cast.newCustomer()];
      await add('POSTER-A', 2, { as: gus });
      expect((await w.req('GET', '/cart', { as: hal })).body.lines).toEqual([]);
      expect((await w.req('PATCH', '/cart/items/POSTER-A', { as: hal, body: { quantity: 5 } })).status).toBe(404);
      expect((await w.req('DELETE', '/cart/items/POSTER-A', { as: hal })).status).toBe(204);
      await add('MUG-RED', 1, { as: hal });
      expect(quantities((await w.req('GET', '/cart', { as: gus })).body)).toEqual({ 'POSTER-A': 2 });
      expect(quantities((await w.req('GET', '/cart', { as: hal })).body)).toEqual({ 'MUG-RED': 1 });
      expect((await w.req('GET', '/cart', { as: w.cast.support })).body.lines).toEqual([]);

      const made = madeUpToken();
      expect((await w.req('GET', '/cart', { token: made })).body.lines).toEqual([]);
      expect((await w.req('PATCH', '/cart/items/POSTER-A', { token: made, body: { quantity: 1 } })).status).toBe(404);
      // A token that names no cart is never adopted: the write starts a cart under a fresh one.
      const fresh = await add('POSTER-A', 1, { token: made });
      expect(fresh.body.cartToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(fresh.body.cartToken).not.toBe(made);
      expect((await w.req('GET', '/cart', { token: made })).body.lines).toEqual([]);
      expect(quantities((await w.req('GET', '/cart', { token: fresh.body.cartToken })).body)).toEqual({ 'POSTER-A': 1 });
    });

    it_('forgets idle carts past their expiry, and starts afresh', async () => {
      const ivy = await w.cast.newCustomer();
      await add('POSTER-A', 2, { as: ivy });
      const token = (await add('MUG-RED', 1)).body.cartToken!;
      const { anonymousCartId, customerCartId } = await import('../../services/carts/carts.tokens.domain');
      for (const id of [customerCartId(ivy.id), anonymousCartId(token)]) {
        expect(await carts.update(id, { $set: { expiresAt: Date.now() - 1_000 } })).not.toBeNull();
      }
      expect((await w.req('GET', '/cart', { as: ivy })).body.lines).toEqual([]);
      expect((await w.req('GET', '/cart', { token })).body.lines).toEqual([]);
      expect(await carts.get(customerCartId(ivy.id))).toBeNull();
      expect((await w.system<Body>('carts.get', { userId: ivy.id })).lines).toEqual([]);

      const again = await add('MUG-RED', 1, { as: ivy });
      expect(again.status).toBe(200);
      expect(quantities(again.body)).toEqual({ 'MUG-RED': 1 });
      expect(again.body.expiresAt).toBeGreaterThan(Date.now() + 29 * DAY);
    });

    it_(
      'loses no line when 20 adds hit one cart at once',
      async () => {
        const jo = await w.cast.newCustomer();
        const skus = STICKERS.slice(0, 20);
        const replies = await Promise.all(skus.map((sku) => add(sku, 1, { as: jo })));
        expect(replies.map((r) => r.status)).toEqual(skus.map(() => 200));
        const cart = await w.req('GET', '/cart', { as: jo });
        expect(cart.body.lines.map((l) => l.sku).sort()).toEqual(skus);
        expect(cart.body.totals).toMatchObject({ subtotal: eur(20 * 150), itemCount: 20 });

        const token = (await add('POSTER-A', 1)).body.cartToken!;
        await Promise.all(Array.from({ length: MAX_QUANTITY - 1 }, () => add('POSTER-A', 1, { token })));
        expect(quantities((await w.req('GET', '/cart', { token })).body)).toEqual({ 'POSTER-A': MAX_QUANTITY });
      },
      60_000,
    );

    extra?.(() => w);
  });
}
