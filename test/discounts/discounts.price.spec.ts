import type { ServiceBroker } from 'moleculer';
import type { PriceAnswer, PriceRequest } from '../../services/discounts/discounts.contract';
import { probeEvents } from '../support/event-probe';
import { eventually } from '../support/eventually';
import { client } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/**
 * `discounts.price` on a two-node cluster: promotions and tax in one call, codes (a promotion's own
 * and batch codes) resolved by key, limits read from the usage counters, and a change made through
 * either node seen by the very next price on the other.
 */
let platform: Platform;
let cast: Cast;
let second: ServiceBroker;
let system: { meta: { user: unknown } };
let events: ReturnType<typeof probeEvents>;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'discounts'], { ADMIN_PASSWORD, RESERVATION_SWEEP_MS: '200' });
  events = probeEvents(platform.broker);
  second = await platform.addNode(['discounts'], `discounts-2-${process.pid}`);
  cast = await castOf(platform.api);
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  system = { meta: { user: SYSTEM_PRINCIPAL } };
}, 120_000);
afterAll(() => platform?.stop());

const admin = <T = Record<string, unknown>>(method: string, route: string, body?: unknown) =>
  client(platform.api)<T>(method, route, body, { token: cast.admin.token });
const uniqueCode = () => `P${Math.random().toString(36).slice(2, 9).toUpperCase()}`;
const cart = (codes: string[], more: Partial<PriceRequest> = {}): PriceRequest => ({
  currency: 'USD',
  lines: [
    { sku: 'MUG-1', productId: 'p-mug', categoryPath: ['kitchen'], quantity: 2, unitPrice: 1500 },
    { sku: 'LAMP-1', productId: 'p-lamp', categoryPath: ['home'], quantity: 1, unitPrice: 7000 },
  ],
  codes,
  customer: { id: 'customer-1' },
  ...more,
});
/** Priced on a given node, so a test knows which node's index answered. */
const priceOn = (node: ServiceBroker, request: PriceRequest) =>
  node.call<PriceAnswer, PriceRequest>('discounts.price', request, { ...system, nodeID: node.nodeID });

it('prices a coupon and tax on the discounted lines in one call', async () => {
  const code = uniqueCode();
  const made = await admin<{ id: string }>('POST', '/admin/promotions', {
    code,
    status: 'active',
    actions: [{ type: 'percentage', percent: 10 }],
  });
  await admin('PUT', '/admin/tax/rates', { rates: [{ country: 'US', taxClass: 'standard', rateBps: 825 }] });
  const answer = await priceOn(platform.broker, cart([code.toLowerCase()], { address: { country: 'US' } }));
  expect(answer.applied).toEqual([expect.objectContaining({ promotionId: made.body.id, code, amount: 1000, version: 1 })]);
  expect(answer.pricing.totals).toMatchObject({ subtotal: 10_000, discount: 1000 });
  // 8.25 % of the discounted 9,000, per line (2,700 and 6,300), half up: 223 + 520.
  expect(answer.pricing.totals.tax).toBe(743);
  expect(answer.tax).toMatchObject({
    estimated: true,
    pricesIncludeTax: false,
    rates: [expect.objectContaining({ rateBps: 825 })],
  });
  const unknown = await priceOn(platform.broker, cart(['NO-SUCH-CODE']));
  expect(unknown.refusedCodes).toEqual([expect.objectContaining({ code: 'NO-SUCH-CODE', reason: 'COUPON_UNKNOWN' })]);
});

it('sees a change made through one node in the next price on the other', async () => {
  const code = uniqueCode();
  const { id } = (
    await admin<{ id: string }>('POST', '/admin/promotions', {
      code,
      status: 'active',
      actions: [{ type: 'percentage', percent: 10 }],
    })
  ).body;
  for (const node of [platform.broker, second]) expect((await priceOn(node, cart([code]))).applied[0]?.amount).toBe(1000);
  await admin('PATCH', `/admin/promotions/${id}`, { actions: [{ type: 'percentage', percent: 20 }] });
  for (const node of [second, platform.broker])
    expect((await priceOn(node, cart([code]))).applied[0]).toMatchObject({ amount: 2000, version: 2 });
  await admin('PATCH', `/admin/promotions/${id}`, { status: 'archived' });
  for (const node of [platform.broker, second])
    expect((await priceOn(node, cart([code]))).refusedCodes).toEqual([expect.objectContaining({ reason: 'COUPON_INACTIVE' })]);
});

it('resolves batch codes by key and refuses a code or promotion whose limit is used up', async () => {
  const { id } = (
    await admin<{ id: string }>('POST', '/admin/promotions', {
      name: 'Batch',
      status: 'active',
      actions: [{ type: 'percentage', percent: 50 }],
    })
  ).body;
  const [one, two] = (await admin<{ codes: string[] }>('POST', `/admin/promotions/${id}/codes`, { count: 2 })).body.codes;
  expect((await priceOn(second, cart([one]))).applied).toEqual([expect.objectContaining({ promotionId: id, amount: 5000 })]);
  const reserve = (promotionId: string, code: string | undefined, orderId: string) =>
    platform.broker.call(
      'discounts.reserveUsage',
      {
        orderId,
        userId: 'customer-9',
        currency: 'USD',
        promotions: [{ promotionId, version: 1, amount: 5000, ...(code ? { code } : {}) }],
        expiresAt: Date.now() + 60_000,
      },
      system,
    );
  await reserve(id, one, `order-${one}`);
  expect((await priceOn(second, cart([one]))).refusedCodes).toEqual([
    expect.objectContaining({ reason: 'COUPON_LIMIT_REACHED' }),
  ]);
  expect((await priceOn(second, cart([two]))).applied).toHaveLength(1);

  const limited = uniqueCode();
  const capped = (
    await admin<{ id: string }>('POST', '/admin/promotions', {
      code: limited,
      status: 'active',
      actions: [{ type: 'percentage', percent: 5 }],
      limits: { total: 1 },
    })
  ).body.id;
  await reserve(capped, limited, `order-${limited}`);
  expect((await priceOn(platform.broker, cart([limited]))).refusedCodes).toEqual([
    expect.objectContaining({ reason: 'COUPON_LIMIT_REACHED' }),
  ]);
  await platform.broker.call('discounts.releaseUsage', { orderId: `order-${limited}`, reason: 'checkout-failed' }, system);
  expect((await priceOn(platform.broker, cart([limited]))).applied).toHaveLength(1);
});

it('prices an address whose region is a name as carts keep it (free text up to 100), matching a region code in any case', async () => {
  await admin('PUT', '/admin/tax/rates', {
    rates: [
      { country: 'US', taxClass: 'standard', rateBps: 500 },
      { country: 'US', region: 'CA', taxClass: 'standard', rateBps: 725 },
    ],
  });
  const named = await priceOn(platform.broker, cart([], { address: { country: 'US', region: 'Newfoundland and Labrador' } }));
  expect(named.tax.rates).toEqual([expect.objectContaining({ rateBps: 500 })]);
  const lower = await priceOn(platform.broker, cart([], { address: { country: 'US', region: 'ca' } }));
  expect(lower.tax.rates).toEqual([expect.objectContaining({ region: 'CA', rateBps: 725 })]);
});

it('refuses a malformed request naming the field', async () => {
  const bad = { ...cart([]), lines: [{ sku: 'X', productId: 'p', categoryPath: [], quantity: 0, unitPrice: 1 }] };
  await expect(priceOn(platform.broker, bad)).rejects.toMatchObject({
    code: 422,
    data: [expect.objectContaining({ field: 'lines[0].quantity' })],
  });
});

it('the periodic sweep releases a lapsed use on its own, and each change is published once through the outbox', async () => {
  const { id } = (
    await admin<{ id: string }>('POST', '/admin/promotions', {
      name: 'Sweep',
      status: 'active',
      actions: [{ type: 'percentage', percent: 5 }],
      limits: { total: 1 },
    })
  ).body;
  const orderId = `order-sweep-${id}`;
  const hold = { orderId, userId: 'customer-7', currency: 'USD', promotions: [{ promotionId: id, version: 1, amount: 500 }] };
  await platform.broker.call('discounts.reserveUsage', { ...hold, expiresAt: Date.now() + 300 }, system);
  const usage = () =>
    admin<{ counts: Record<string, number>; rows: { status: string; releaseReason?: string }[] }>(
      'GET',
      `/admin/promotions/${id}/usage`,
    );
  expect((await usage()).body.counts).toMatchObject({ reserved: 1, taken: 1, total: 1 });
  await eventually(async () => (await usage()).body.counts.released === 1);
  expect((await usage()).body).toMatchObject({
    counts: { reserved: 0, used: 0, released: 1, taken: 0 },
    rows: [{ status: 'released', releaseReason: 'expired' }],
  });

  await platform.broker.call('discounts.reserveUsage', { ...hold, expiresAt: Date.now() + 60_000 }, system);
  await platform.broker.call('discounts.commitUsage', { orderId }, system);
  await platform.broker.call('discounts.commitUsage', { orderId }, system);
  expect((await usage()).body.counts).toMatchObject({ used: 1, taken: 1 });
  const mine = (name: string) =>
    events.seen().filter((e) => e.event === name && (e.data as { orderId: string }).orderId === orderId);
  await eventually(async () => mine('promotion.applied').length === 1 && mine('promotion.usage-released').length === 1);
  expect(mine('promotion.applied')[0].data).toEqual({ orderId, promotionId: id, amount: { amount: 500, currency: 'USD' } });
  expect(mine('promotion.usage-released')[0].data).toEqual({ orderId, promotionId: id, reason: 'expired' });
  expect(events.problems()).toEqual([]);
});
