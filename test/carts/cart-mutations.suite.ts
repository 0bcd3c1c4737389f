import { Context } from 'moleculer';
import type { Store } from '../../mixins/store/store.types';
import { client } from '../support/http';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import { startWorld, type Body, type World } from './carts.fixtures';

/**
 * A change to a cart is applied once per request: a broker retry (same calling context) or a
 * client retry (same Idempotency-Key) finds the record written with the first change, even after
 * the cart was emptied by an order. The same on every engine the carts store can be configured for.
 */
export function cartMutationsSuite(engine: ServiceEngine): void {
  describe(`retried cart changes are applied once on ${engine.label}`, () => {
    let w: World;
    let store: Store;
    const { it_ } = onEngine(engine, async (env) => {
      w = await startWorld(env);
      store = (w.platform.broker.getLocalService('carts') as unknown as { store(name: string): Store }).store('carts');
      return w;
    });
    const quantities = (body: Body | null) => Object.fromEntries((body?.lines ?? []).map((l) => [l.sku, l.quantity]));
    const send = (method: string, route: string, token: string, body?: unknown, key?: string) =>
      client(w.platform.api)<Body>(method, route, body, { token, headers: key ? { 'idempotency-key': key } : {} });

    it_('the same Idempotency-Key sent 8 times at once adds the line once', async () => {
      const me = await w.cast.newCustomer();
      const replies = await Promise.all(
        Array.from({ length: 8 }, () => send('POST', '/cart/items', me.token, { sku: 'POSTER-A', quantity: 2 }, 'add-poster-1')),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
      for (const r of replies) expect(quantities(r.body)).toEqual({ 'POSTER-A': 2 });
      expect(quantities((await send('GET', '/cart', me.token)).body)).toEqual({ 'POSTER-A': 2 });
      expect(await store.collection('cart_mutations').count({ filter: { cartId: `u-${me.id}` } })).toBe(1);

      // Without a key every HTTP request is its own change; another key is another change.
      await send('POST', '/cart/items', me.token, { sku: 'POSTER-A', quantity: 2 });
      await send('POST', '/cart/items', me.token, { sku: 'POSTER-A', quantity: 2 });
      const after = await send('POST', '/cart/items', me.token, { sku: 'POSTER-A', quantity: 1 }, 'add-poster-2');
      expect(quantities(after.body)).toEqual({ 'POSTER-A': 7 });
    });

    it_('a broker retry of an add that lands after the order emptied the cart adds nothing', async () => {
      const me = await w.cast.newCustomer();
      const { broker } = w.platform;
      // The gateway's per-request context: a broker retry calls again from the same one.
      const request = Context.create(broker, null as never, {}, { meta: { user: { id: me.id, roles: ['customer'] } } });
      const add = () => request.call<Body, object>('carts.addItem', { sku: 'LAMP-1', quantity: 1 });
      expect(quantities(await add())).toEqual({ 'LAMP-1': 1 });
      expect(quantities(await add())).toEqual({ 'LAMP-1': 1 });
      await w.system('carts.clear', { userId: me.id });
      expect(quantities(await add())).toEqual({});
      expect(quantities((await send('GET', '/cart', me.token)).body)).toEqual({});
    });

    it_('a repeated quantity change or removal does not undo a later change', async () => {
      const me = await w.cast.newCustomer();
      await send('POST', '/cart/items', me.token, { sku: 'MUG-RED', quantity: 1 });
      expect((await send('PATCH', '/cart/items/MUG-RED', me.token, { quantity: 3 }, 'set-3')).status).toBe(200);
      await send('POST', '/cart/items', me.token, { sku: 'MUG-RED', quantity: 1 });
      const repeated = await send('PATCH', '/cart/items/MUG-RED', me.token, { quantity: 3 }, 'set-3');
      expect(quantities(repeated.body)).toEqual({ 'MUG-RED': 4 });

      expect((await send('DELETE', '/cart/items/MUG-RED', me.token, undefined, 'drop-mug')).status).toBe(204);
      await send('POST', '/cart/items', me.token, { sku: 'MUG-RED', quantity: 2 });
      expect((await send('DELETE', '/cart/items/MUG-RED', me.token, undefined, 'drop-mug')).status).toBe(204);
      expect(quantities((await send('GET', '/cart', me.token)).body)).toEqual({ 'MUG-RED': 2 });
    });
  });
}
