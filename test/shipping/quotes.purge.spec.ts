import type { Store } from '../../mixins/store/store.types';
import { ShippingAdmin } from '../../services/shipping/shipping.admin';
import { Quoter } from '../../services/shipping/shipping.quotes';
import { shippingSchema } from '../../services/shipping/shipping.schema';
import { requireOrSkip } from '../support/engine-harness';
import { postgresServerHarness } from '../support/harness.postgres';

/**
 * The expired-quote sweep on PostgreSQL: a quote is kept for a day past its expiry (a late checkout
 * hears "expired", not "unknown"), then deleted; live quotes are never touched.
 */
const harness = postgresServerHarness();
const DAY = 86_400_000;
let ready = false;
let store: Store;
let quoter: Quoter;

beforeAll(async () => {
  ready = requireOrSkip(await harness.setup(), harness.label);
  if (!ready) return;
  store = await harness.createStore('shipping', shippingSchema);
  quoter = new Quoter(store, new ShippingAdmin(store, () => true), 60_000);
}, 120_000);
afterAll(async () => {
  if (ready) await store.disconnect();
  await harness.teardown();
}, 60_000);

it('deletes quotes expired for over a day, and keeps the rest', async () => {
  if (!ready) return;
  const z = await quoter.quotes.count();
  const now = Date.now();
  const quote = (id: string, expiresAt: number) => ({
    id,
    cartId: 'cart-1',
    fingerprint: 'f',
    zoneId: 'z',
    methodId: 'm',
    rateVersion: 1,
    name: 'Standard',
    carrier: 'sandbox',
    serviceLevel: 'standard' as const,
    price: { amount: 500, currency: 'USD' },
    estimatedDelivery: { from: now, to: now },
    parcels: 1,
    createdAt: now - 2 * DAY,
    expiresAt,
  });
  await quoter.quotes.insertMany([
    quote('old', now - DAY - 1_000),
    quote('recent', now - 1_000),
    quote('live', now + 60_000),
  ]);
  expect(await quoter.purgeExpired(now)).toBe(1);
  expect((await quoter.quotes.getMany(['old', 'recent', 'live'])).map((q) => q.id)).toEqual(['recent', 'live']);
  await expect(quoter.check({ quoteId: 'recent', cartId: 'cart-1', fingerprint: 'f' })).rejects.toMatchObject({
    type: 'SHIPPING_QUOTE_STALE',
    data: { quoteId: 'recent', why: 'expired' },
  });
  expect(await quoter.quotes.count()).toBe(z + 2);
});
