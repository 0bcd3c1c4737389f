import type { Errors } from 'moleculer';
import { cartFingerprint } from '../../services/shipping/domain/quote';
import type { Quote, QuoteAnswer, QuoteRequest } from '../../services/shipping/shipping.contract';
import { client } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/**
 * `shipping.quote`, `shipping.checkQuote` and `shipping.hasZones` on a real cluster node: the most
 * specific zone's methods only, each priced by its rate card (excluded ones not offered), stored as
 * quotes bound to the cart's fingerprint until QUOTE_TTL_MS. Each test draws its zones in countries
 * of its own, so zones of other tests never match.
 */
const TTL_MS = 4_000;
let platform: Platform;
let cast: Cast;
let system: { meta: { user: unknown } };

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'shipping'], { ADMIN_PASSWORD, QUOTE_TTL_MS: String(TTL_MS) });
  cast = await castOf(platform.api);
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  system = { meta: { user: SYSTEM_PRINCIPAL } };
}, 120_000);
afterAll(() => platform?.stop());

const admin = async (method: string, route: string, body?: unknown) => {
  const r = await client(platform.api)<Record<string, unknown>>(method, route, body, { token: cast.admin.token });
  if (r.status >= 300) throw new Error(`${method} ${route}: ${r.status} ${r.text}`);
  return r.body;
};
const zone = async (body: Record<string, unknown>) => (await admin('POST', '/admin/shipping/zones', body)).id as string;
const method = async (zoneId: string, name: string, rateCard: unknown, more: Record<string, unknown> = {}) =>
  (await admin('POST', '/admin/shipping/methods', { zoneId, name, rateCard, ...more })).id as string;
const money = (amount: number, currency = 'USD') => ({ amount, currency });
const flat = (amount: number, currency = 'USD') => ({ type: 'flat', amount: money(amount, currency) });

let carts = 0;
const request = (address: QuoteRequest['address'], more: Partial<QuoteRequest> = {}): QuoteRequest => ({
  cartId: `cart-${process.pid}-${++carts}`,
  currency: 'USD',
  lines: [{ sku: 'MUG-1', quantity: 2, weightG: 400 }],
  goodsValue: 3_000,
  address,
  ...more,
});
const quote = (req: QuoteRequest) => platform.broker.call<QuoteAnswer, QuoteRequest>('shipping.quote', req, system);
const check = (params: { quoteId: string; cartId: string; fingerprint: string; graceMs?: number }) =>
  platform.broker.call<Quote, typeof params>('shipping.checkQuote', params, system);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: Errors.MoleculerError) => ({ code: err.code, type: err.type, data: err.data as unknown }),
  );
const priced = (answer: QuoteAnswer) => Object.fromEntries(answer.options.map((o) => [o.name, o.price.amount]));

it('has no zones before the first active one, and an inactive zone does not count', async () => {
  const has = () => platform.broker.call<{ hasZones: boolean }, object>('shipping.hasZones', {}, system);
  expect(await has()).toEqual({ hasZones: false });
  await zone({ name: 'Dormant', countries: ['AQ'], active: false });
  expect(await has()).toEqual({ hasZones: false });
  expect(await quote(request({ country: 'AQ' }))).toEqual({ zoneId: null, options: [], unweighed: [] });
  await zone({ name: 'Antarctica', countries: ['AQ'] });
  expect(await has()).toEqual({ hasZones: true });
});

it('answers the most specific zone only: postcode over region over country', async () => {
  const country = await zone({ name: 'US', countries: ['US'] });
  const region = await zone({ name: 'California', countries: ['US'], regions: ['CA'] });
  const postcode = await zone({
    name: 'San Francisco',
    countries: ['US'],
    postcodes: { include: [{ type: 'prefix', value: '941' }], exclude: [{ type: 'range', from: '94130', to: '94139' }] },
  });
  await method(country, 'Ground', flat(900));
  await method(region, 'California ground', flat(700));
  await method(postcode, 'Bike courier', flat(300), { serviceLevel: 'express' });

  const sf = await quote(request({ country: 'US', region: 'CA', postalCode: '94105-1234' }));
  expect(sf.zoneId).toBe(postcode);
  expect(sf.options).toEqual([
    expect.objectContaining({ name: 'Bike courier', price: money(300), serviceLevel: 'express', carrier: 'sandbox', parcels: 1 }),
  ]);
  // Excluded from the postcode zone: the region's zone answers.
  expect((await quote(request({ country: 'US', region: 'ca', postalCode: '94133' }))).zoneId).toBe(region);
  expect((await quote(request({ country: 'US', region: 'CA', postalCode: '90001' }))).zoneId).toBe(region);
  const ny = await quote(request({ country: 'US', region: 'NY', postalCode: '10001' }));
  expect([ny.zoneId, priced(ny)]).toEqual([country, { Ground: 900 }]);
  expect((await quote(request({ country: 'MX' }))).zoneId).toBeNull();
});

it('prices each method by its card and does not offer one whose own conditions exclude the cart', async () => {
  const z = await zone({ name: 'Germany', countries: ['DE'] });
  const band = (from: number, to: number | undefined, amount: number) => ({ from, ...(to ? { to } : {}), amount: money(amount, 'EUR') });
  await method(z, 'By weight', { type: 'weight', bands: [band(0, 2_000, 400), band(2_000, 5_000, 700)] });
  await method(z, 'Free over 50', { type: 'free_over', amount: money(490, 'EUR'), threshold: money(5_000, 'EUR') });
  await method(z, 'Parcels', { ...flat(500, 'EUR'), perExtraParcel: money(200, 'EUR'), conditions: { maxParcelWeightG: 1_000 } });
  await method(z, 'Light only', { ...flat(250, 'EUR'), conditions: { maxWeightG: 1_500 } }, { serviceLevel: 'pickup' });
  await method(z, 'Dollars', flat(100));
  const de = (units: number, goodsValue: number) =>
    quote(request({ country: 'DE', postalCode: '10115' }, { currency: 'EUR', lines: [{ sku: 'BOX', quantity: units, weightG: 500 }], goodsValue }));

  // 2,000 g is in the [2000, 5000) band; 1 kg parcels: two, one surcharge; the light-only card excludes it.
  const edge = await de(4, 4_999);
  expect(priced(edge)).toEqual({ 'By weight': 700, 'Free over 50': 490, Parcels: 700 });
  expect(edge.options.find((o) => o.name === 'Parcels')!.parcels).toBe(2);
  // 1,500 g: the light-only card's bound is inclusive.
  const light = await de(3, 5_000);
  expect(priced(light)).toEqual({ 'By weight': 400, 'Free over 50': 0, Parcels: 700, 'Light only': 250 });
  const heavy = await de(10, 5_000);
  // No band holds 5,000 g: that method is not offered either.
  expect(priced(heavy)).toEqual({ 'Free over 50': 0, Parcels: 1_300 });
  expect(light.options.find((o) => o.name === 'Light only')).toMatchObject({ serviceLevel: 'pickup' });
});

it('reports unweighed SKUs, and a rate-card change is priced by the very next quote with its new rateVersion', async () => {
  const z = await zone({ name: 'France', countries: ['FR'] });
  const m = await method(z, 'Colissimo', flat(800, 'EUR'));
  const fr = request({ country: 'FR' }, { currency: 'EUR', lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 3, weightG: 10 }] });
  const first = await quote(fr);
  expect([first.unweighed, priced(first)]).toEqual([['A'], { Colissimo: 800 }]);
  await admin('PATCH', `/admin/shipping/methods/${m}`, { rateCard: flat(850, 'EUR') });
  const second = await quote(fr);
  expect(priced(second)).toEqual({ Colissimo: 850 });
  const stored = await check({ quoteId: second.options[0].quoteId, cartId: fr.cartId, fingerprint: cartFingerprint(fr) });
  expect(stored).toMatchObject({ rateVersion: 2, zoneId: z, methodId: m, price: money(850, 'EUR') });
  await admin('PATCH', `/admin/shipping/methods/${m}`, { active: false });
  expect((await quote(fr)).options).toEqual([]);
});

it('binds each quote to the cart: the same cart passes, a changed one or another cart is stale, and it expires', async () => {
  const z = await zone({ name: 'Canada', countries: ['CA'] });
  await method(z, 'Canada Post', flat(1_200, 'CAD'));
  const ca = request({ country: 'CA', region: 'ON', postalCode: 'k1a 0b1' }, { currency: 'CAD' });
  const answer = await quote(ca);
  const opt = answer.options[0];
  expect(opt.expiresAt - Date.now()).toBeGreaterThan(0);
  expect(opt.expiresAt - Date.now()).toBeLessThanOrEqual(TTL_MS);
  expect(opt.estimatedDelivery.to).toBeGreaterThanOrEqual(opt.estimatedDelivery.from);
  const same = { ...ca, lines: [...ca.lines], address: { ...ca.address, postalCode: 'K1A0B1' } };
  const ok = await check({ quoteId: opt.quoteId, cartId: ca.cartId, fingerprint: cartFingerprint(same) });
  expect(ok).toMatchObject({ quoteId: opt.quoteId, cartId: ca.cartId, price: money(1_200, 'CAD') });

  const more = cartFingerprint({ ...ca, lines: [{ sku: 'MUG-1', quantity: 3 }] });
  const moved = cartFingerprint({ ...ca, address: { country: 'CA', region: 'ON', postalCode: 'M5V 2T6' } });
  const why = (fingerprint: string, cartId = ca.cartId, quoteId = opt.quoteId) =>
    refusal(check({ quoteId, cartId, fingerprint }));
  const stale = (w: string, quoteId = opt.quoteId) => ({ code: 409, type: 'SHIPPING_QUOTE_STALE', data: { quoteId, why: w } });
  expect(await why(more)).toEqual(stale('changed'));
  expect(await why(moved)).toEqual(stale('changed'));
  // Goods worth less (a coupon after quoting) may cross a value band or a free-over threshold.
  expect(await why(cartFingerprint({ ...ca, goodsValue: ca.goodsValue - 1 }))).toEqual(stale('changed'));
  expect(await why(cartFingerprint(ca), 'another-cart')).toEqual(stale('unknown'));
  expect(await why(cartFingerprint(ca), ca.cartId, 'no-such-quote')).toEqual(stale('unknown', 'no-such-quote'));

  await new Promise((r) => setTimeout(r, Math.max(0, opt.expiresAt - Date.now()) + 50));
  expect(await why(cartFingerprint(ca))).toEqual(stale('expired'));
  // Checkout may hold a quote a little past its expiry while its saga runs.
  const held = await check({ quoteId: opt.quoteId, cartId: ca.cartId, fingerprint: cartFingerprint(ca), graceMs: 60_000 });
  expect(held.quoteId).toBe(opt.quoteId);
}, 30_000);

it('refuses a malformed request naming the field', async () => {
  const fields = async (req: unknown) => {
    const r = await refusal(platform.broker.call('shipping.quote', req, system));
    return [r?.code, ((r?.data ?? []) as { field: string }[]).map((d) => d.field)];
  };
  const ok = request({ country: 'US' });
  expect(await fields({ ...ok, address: { country: 'us' } })).toEqual([422, ['address.country']]);
  expect(await fields({ ...ok, lines: [] })).toEqual([422, ['lines']]);
  expect(await fields({ ...ok, lines: [{ sku: 'A', quantity: 0 }] })).toEqual([422, ['lines[0].quantity']]);
  expect(await fields({ ...ok, goodsValue: 1.5 })).toEqual([422, ['goodsValue']]);
  expect((await refusal(platform.broker.call('shipping.quote', { ...ok, extra: true }, system)))?.code).toBe(422);
});
