import type { OrderView } from '../../services/orders/orders.contract';
import type { Identity } from '../support/identities';
import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

/**
 * An order's tax follows where it ships, whatever the cart had (carts prices at the claim with the
 * order's address); and a first-order coupon is resolved by discounts asking orders.
 */
let w: World;
beforeAll(async () => {
  w = await startWorld();
  const admin = { as: w.cast.admin };
  const rates = { rates: [{ country: 'US', taxClass: 'standard', rateBps: 825 }] };
  expect((await w.req('PUT', '/admin/tax/rates', { ...admin, body: rates })).status).toBe(200);
  const percent = (code: string, percent: number, extra: object = {}) =>
    w.req('POST', '/admin/promotions', {
      ...admin,
      body: { code, name: code, status: 'active', actions: [{ type: 'percentage', percent }], stackingGroup: code, ...extra },
    });
  expect((await percent('SAVE10', 10)).status).toBe(201);
  expect((await percent('WELCOME5', 5, { conditions: [{ type: 'firstOrder' }] })).status).toBe(201);
}, 90_000);
afterAll(() => w?.platform.stop());

const { key, checkout, view, step } = orderHelpers(() => w);
const US = { name: 'Bo Example', line1: '2 Main St', city: 'Austin', postalCode: '78701', country: 'US' };
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const apply = (who: Identity, code: string) => w.req('POST', '/cart/coupons', { as: who, body: { code } });

describe('tax at checkout', () => {
  it('a cart without an address is taxed at the claim for the order’s address, on the discounted lines', async () => {
    const who = await w.cast.newCustomer();
    await w.fillCart(who, [['MUG-RED', 2]]);
    const cart = await apply(who, 'SAVE10');
    expect(cart.body).toMatchObject({ shippingAddress: null, totals: { subtotal: eur(2500), discount: eur(250), tax: eur(0) } });

    const placed = await checkout(who, { shippingAddress: US, paymentToken: 'tok_visa' });
    expect(placed.status).toBe(202);
    const order: OrderView = await view(placed.body.id as string, who);
    // 8.25 % of 2500 − 250, rounded half up: 185.625 → 186.
    expect(order.totals).toMatchObject({ subtotal: eur(2500), discount: eur(250), tax: eur(186), total: eur(2436) });
    expect(order.items[0].pricing?.adjustments).toContainEqual(expect.objectContaining({ kind: 'tax', rateBps: 825, amount: 186 }));
    // The cart keeps the address it was priced for (written with the claim).
    expect((await w.req('GET', '/cart', { as: who })).body.shippingAddress).toMatchObject({ country: 'US', city: 'Austin' });
  });

  it('a cart priced for one country is taxed for where the order ships instead', async () => {
    const who = await w.cast.newCustomer();
    await w.fillCart(who, [['MUG-RED', 2]]);
    const set = await w.req('PUT', '/cart/address', { as: who, body: { shippingAddress: US } });
    expect(set.body.totals).toMatchObject({ tax: eur(206) });
    const placed = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(placed.status).toBe(202);
    expect((await view(placed.body.id as string, who)).totals).toMatchObject({ tax: eur(0), total: eur(2500) });
  });
});

describe('first-order promotions', () => {
  it('apply to a new customer and are refused once they have a confirmed order', async () => {
    const who = await w.cast.newCustomer();
    await w.fillCart(who, [['POSTER-A', 2]]);
    const first = await apply(who, 'WELCOME5');
    expect([first.status, first.body.promotions]).toEqual([200, [expect.objectContaining({ code: 'WELCOME5', amount: eur(99) })]]);
    const placed = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(placed.status).toBe(202);
    const id = placed.body.id as string;
    expect((await view(id, who)).promotions).toEqual([expect.objectContaining({ code: 'WELCOME5' })]);
    // What the checkout saga (a stand-in here) does once paid.
    await step('confirm', id, `${key()}:confirm`);
    await w.system('carts.settle', { userId: who.id, orderId: id });

    await w.fillCart(who, [['POSTER-A', 2]]);
    const again = await apply(who, 'WELCOME5');
    expect([again.status, again.body.error?.type]).toEqual([422, 'COUPON_CONDITION_NOT_MET']);
    // Another new customer still gets it.
    const newcomer = await w.cast.newCustomer();
    await w.fillCart(newcomer, [['POSTER-A', 2]]);
    expect((await apply(newcomer, 'WELCOME5')).status).toBe(200);
  });
});
