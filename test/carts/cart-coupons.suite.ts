import type { Cart } from '../../services/carts/carts.contract';
import type { Collection, Store } from '../../mixins/store/store.types';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import type { Identity } from '../support/identities';
import { addressTests } from './cart-address.tests';
import { startWorld, type Body, type World } from './carts.fixtures';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const HOUR = 3_600_000;

/**
 * Coupons, the shipping address and the tax estimate on a cart (cart-address.tests.ts), priced by
 * the real discounts service; the same on every engine the carts store can be configured for.
 */
export function cartCouponsSuite(engine: ServiceEngine): void {
  describe(`cart coupons, address and tax on ${engine.label}`, () => {
    let w: World;
    let carts: Collection<Cart>;
    const { it_ } = onEngine(engine, async (env) => {
      w = await startWorld(env, ['users']);
      carts = (w.platform.broker.getLocalService('carts') as unknown as { store(n: string): Store })
        .store('carts')
        .collection<Cart>('carts');
      const promotion = (body: object) => w.req('POST', '/admin/promotions', { as: w.cast.admin, body });
      const percent = (code: string, extra: object = {}) =>
        promotion({ code, name: code, status: 'active', actions: [{ type: 'percentage', percent: 10 }], ...extra });
      for (const code of ['SAVE10', 'RACE1', 'RACE2', 'RACE3', 'RACE4'])
        expect((await percent(code, { stackingGroup: code })).status).toBe(201);
      expect((await percent('SLEEPY', { status: 'draft' })).status).toBe(201);
      expect((await percent('BYGONE', { startsAt: Date.now() - 2 * HOUR, endsAt: Date.now() - HOUR })).status).toBe(201);
      const rates = { rates: [{ country: 'US', taxClass: 'standard', rateBps: 825 }] };
      expect((await w.req('PUT', '/admin/tax/rates', { as: w.cast.admin, body: rates })).status).toBe(200);
      return w;
    });

    const add = (who: Identity | undefined, sku = 'POSTER-A', quantity = 2, token?: string) =>
      w.req('POST', '/cart/items', { as: who, token, body: { sku, quantity } });
    const apply = (code: string, who?: Identity, token?: string) =>
      w.req('POST', '/cart/coupons', { as: who, token, body: { code } });
    const stored = async (who: Identity) => (await carts.get(`u-${who.id}`))?.coupons ?? [];

    it_('applies a coupon: the discount shows per line and in the totals; removing it takes it off', async () => {
      const ann = await w.cast.newCustomer();
      await add(ann, 'POSTER-A', 2);
      const res = await apply('  save10 ', ann);
      expect(res.status).toBe(200);
      expect(res.body.coupons).toEqual(['SAVE10']);
      expect(res.body.totals).toMatchObject({ subtotal: eur(1980), discount: eur(198), total: eur(1782) });
      expect(res.body.promotions).toEqual([expect.objectContaining({ code: 'SAVE10', amount: eur(198) })]);
      expect(res.body.lines[0].discount).toEqual(eur(198));
      expect(res.body.lines[0].adjustments).toEqual([
        expect.objectContaining({
          kind: 'discount',
          source: expect.objectContaining({ type: 'promotion', code: 'SAVE10' }),
          amount: eur(198),
        }),
      ]);
      expect((await w.req('GET', '/cart', { as: ann })).body).toEqual(res.body);
      expect((await apply('SAVE10', ann)).body.coupons).toEqual(['SAVE10']);

      expect((await w.req('DELETE', '/cart/coupons/save10', { as: ann })).status).toBe(422);
      const removed = await w.req('DELETE', '/cart/coupons/SAVE10', { as: ann });
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ coupons: [], promotions: [], totals: { discount: eur(0), total: eur(1980) } });
      expect(await stored(ann)).toEqual([]);
      expect((await w.req('DELETE', '/cart/coupons/SAVE10', { as: ann })).status).toBe(200);
    });

    it_('refuses a code that does not apply with 422 naming why, and stores nothing', async () => {
      const bo = await w.cast.newCustomer();
      expect((await apply('SAVE10', bo)).body.error.type).toBe('COUPON_CONDITION_NOT_MET');
      await add(bo);
      for (const [code, reason] of [
        ['NOPE-NOPE', 'COUPON_UNKNOWN'],
        ['SLEEPY', 'COUPON_INACTIVE'],
        ['BYGONE', 'COUPON_EXPIRED'],
      ]) {
        const res = await apply(code, bo);
        expect([res.status, res.body.error.type]).toEqual([422, reason]);
      }
      const bad = await apply('no spaces inside', bo);
      expect(bad.status).toBe(422);
      expect(bad.body.error.fields?.map((f) => f.field)).toEqual(['code']);
      expect(await stored(bo)).toEqual([]);
      expect((await w.req('GET', '/cart', { as: bo })).body).toMatchObject({ coupons: [], totals: { discount: eur(0) } });
    });

    it_('applying again a code the cart holds but that no longer applies is a 422 naming why, not a 200', async () => {
      const dee = await w.cast.newCustomer();
      await add(dee);
      const made = await w.req('POST', '/admin/promotions', {
        as: w.cast.admin,
        body: { code: 'AGAIN10', name: 'again', status: 'active', actions: [{ type: 'percentage', percent: 10 }] },
      });
      expect((await apply('AGAIN10', dee)).status).toBe(200);
      const route = `/admin/promotions/${(made.body as unknown as { id: string }).id}`;
      expect((await w.req('PATCH', route, { as: w.cast.admin, body: { status: 'archived' } })).status).toBe(200);
      const again = await apply('AGAIN10', dee);
      expect([again.status, again.body.error?.type]).toEqual([422, 'COUPON_INACTIVE']);
    });

    it_('lets an anonymous cart hold a code, and keeps it through the merge at login', async () => {
      const first = await add(undefined);
      const token = first.body.cartToken!;
      const res = await apply('SAVE10', undefined, token);
      expect([res.status, res.body.coupons, res.body.totals.discount]).toEqual([200, ['SAVE10'], eur(198)]);
      const cy = await w.cast.newCustomer();
      const merged = await w.req('POST', '/cart/merge', { as: cy, token, body: {} });
      expect(merged.body).toMatchObject({ coupons: ['SAVE10'], totals: { discount: eur(198) } });
      expect(await stored(cy)).toEqual(['SAVE10']);
    });

    it_('stores a code once when 20 applies of it arrive at once, and loses none of several codes applied together', async () => {
      const di = await w.cast.newCustomer();
      await add(di);
      const same = await Promise.all(Array.from({ length: 20 }, () => apply('SAVE10', di)));
      expect(same.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(await stored(di)).toEqual(['SAVE10']);

      const ed = await w.cast.newCustomer();
      await add(ed);
      const codes = ['RACE1', 'RACE2', 'RACE3', 'RACE4'];
      const mixed = await Promise.all(Array.from({ length: 20 }, (_, i) => apply(codes[i % 4], ed)));
      expect(mixed.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect([...(await stored(ed))].sort()).toEqual(codes);
    });

    addressTests(it_, () => ({ w, carts, add }));

    it_('gives checkout the exact pricing it showed, and refuses to when discounts cannot price', async () => {
      const ivy = await w.cast.newCustomer();
      await add(ivy);
      await apply('SAVE10', ivy);
      // An order ships somewhere: a claim needs the cart's address (one without tax rates here).
      const berlin = { name: 'Ivy', line1: '1 Linden', city: 'Berlin', postalCode: '10115', country: 'DE' };
      await w.req('PUT', '/cart/address', { as: ivy, body: { shippingAddress: berlin } });
      const shown = (await w.req('GET', '/cart', { as: ivy })).body;
      const claim = await w.system<{
        cart: Body;
        pricing: { applied: { code?: string; version: number }[]; pricing: { totals: object } };
      }>('carts.claim', { userId: ivy.id, orderId: 'order-ivy', attempt: 'attempt-ivy' });
      expect(claim.cart.totals).toEqual(shown.totals);
      expect(claim.pricing.applied).toEqual([expect.objectContaining({ code: 'SAVE10', version: expect.any(Number) })]);
      expect(claim.pricing.pricing.totals).toMatchObject({ subtotal: 1980, discount: 198, total: 1782 });
      expect(await w.system('carts.release', { userId: ivy.id, orderId: 'order-ivy' })).toEqual({ released: true });

      await w.platform.broker.destroyService(w.platform.broker.getLocalService('discounts')!);
      const degraded = await w.req('GET', '/cart', { as: ivy });
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({
        pricing: 'unavailable',
        coupons: ['SAVE10'],
        promotions: [],
        totals: { discount: eur(0) },
      });
      const down = await apply('RACE1', ivy);
      expect([down.status, down.body.error.type]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(await stored(ivy)).toEqual(['SAVE10']);
      await expect(
        w.system('carts.claim', { userId: ivy.id, orderId: 'order-ivy-2', attempt: 'attempt-ivy-2' }),
      ).rejects.toMatchObject({
        code: 503,
        type: 'PRICING_UNAVAILABLE',
      });
      expect((await carts.get(`u-${ivy.id}`))?.checkoutOrderId).toBeUndefined();
    });
  });
}
