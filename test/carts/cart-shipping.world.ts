import type { Cart, ClaimedCart } from '../../services/carts/carts.contract';
import type { Collection, Store } from '../../mixins/store/store.types';
import type { ShippingOption } from '../../services/shipping/shipping.contract';
import type { Identity } from '../support/identities';
import { dynamoLocalEngine, onEngine } from '../support/service-engines';
import { startWorld, type Body, type World } from './carts.fixtures';

/**
 * The world of cart-shipping.dynamodb.spec.ts: carts on DynamoDB Local with the real shipping and
 * discounts services, a weighed poster, German tax on goods and shipping, a FREESHIP promotion,
 * and the requests its tests make. `w` and `carts` are set by the spec's beforeAll.
 */
export const eur = (amount: number) => ({ amount, currency: 'EUR' });
export const BERLIN = { name: 'Ann Lee', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
export const PARIS = { ...BERLIN, city: 'Paris', postalCode: '75001', country: 'FR' };
type Options = { options: ShippingOption[]; zoneId: string | null; unweighed: string[] };

export let w: World;
export let carts: Collection<Cart>;
/** Registers the spec's world (beforeAll/afterAll); its `it_` runs a test only where DynamoDB Local runs. */
export const cartShippingWorld = () =>
  onEngine(dynamoLocalEngine('carts'), async (env) => {
    w = await startWorld(env, ['shipping']);
    carts = (w.platform.broker.getLocalService('carts') as unknown as { store(n: string): Store })
      .store('carts')
      .collection('carts');
    await w.system('products.update', {
      id: w.products.poster,
      variants: [{ sku: 'POSTER-A', price: eur(990), weightG: 300 }],
    });
    const rates = [
      { country: 'DE', taxClass: 'standard', rateBps: 1900 },
      { country: 'DE', taxClass: 'shipping', rateBps: 1900 },
    ];
    expect((await w.req('PUT', '/admin/tax/rates', { as: w.cast.admin, body: { rates } })).status).toBe(200);
    const promo = { code: 'FREESHIP', name: 'Free shipping', status: 'active', actions: [{ type: 'freeShipping' }] };
    expect((await w.req('POST', '/admin/promotions', { as: w.cast.admin, body: promo })).status).toBe(201);
    return w;
  });

/** An admin write that must succeed (201), answering the new row's id. */
export const admin = async (route: string, body: object): Promise<string> => {
  const res = await w.req('POST', route, { as: w.cast.admin, body });
  if (res.status !== 201) throw new Error(`${route}: ${res.status} ${res.text}`);
  return (res.body as unknown as { id: string }).id;
};
export const options = async (who?: Identity, token?: string) =>
  (await w.req('GET', '/cart/shipping-options', { as: who, token })) as unknown as { status: number; body: Options & Body };
export const choose = (quoteId: string, who?: Identity, token?: string) =>
  w.req('PUT', '/cart/shipping', { as: who, token, body: { quoteId } });
export const claim = (who: Identity, orderId: string) =>
  w.system<ClaimedCart>('carts.claim', { userId: who.id, orderId, attempt: `attempt-${orderId}` });
export const claimError = async (who: Identity, orderId: string) => {
  try {
    await claim(who, orderId);
    return null;
  } catch (err) {
    const e = err as { code: number; type: string; data: Record<string, unknown> };
    return { code: e.code, type: e.type, data: e.data };
  }
};
/** A customer with two posters in the cart, shipping to `address`. */
export const shopper = async (address: object = BERLIN) => {
  const who = await w.cast.newCustomer();
  await w.req('POST', '/cart/items', { as: who, body: { sku: 'POSTER-A', quantity: 2 } });
  expect((await w.req('PUT', '/cart/address', { as: who, body: { shippingAddress: address } })).status).toBe(200);
  return who;
};
export const standardOf = async (who: Identity) => (await options(who)).body.options.find((o) => o.name === 'Standard')!;
