import { Context, type ServiceBroker } from 'moleculer';
import type { Principal } from '../../mixins/access/access.types';
import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import { ADMIN_PASSWORD, castOf, type Identity } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { REGISTRY } from '../../services/registry';
import { RETURNS_ROWS } from './retry-rows.returns';
import { SHIPPING_ROWS, type Caller, type Fixture, type Row } from './retry-rows';

/**
 * The broker retries exactly the actions declared `idempotent: true`. Each is listed here with a
 * call on a real platform, made twice from one calling context (what a broker retry does): the
 * second call must answer as the first and change nothing. The list comes from the live registry,
 * so an action newly declared idempotent without a row here (or a row whose action is gone or no
 * longer retried) fails the test.
 */
const stamp = { epoch: 0, gen: 'retry-test' };
const page = { page: 1, pageSize: 20 };
const perService = (action: string) =>
  Object.fromEntries(
    [
      'auth',
      'users',
      'products',
      'inventory',
      'search',
      'carts',
      'discounts',
      'shipping',
      'returns',
      'orders',
      'payments',
      'notifications',
      'sagas',
    ].map((s) => [`${s}.${action}`, {}]),
  );

/** Every service with durable consumers has dead letters to list and read. */
const deadLetterRows = Object.fromEntries(
  REGISTRY.consumers.flatMap((s) => [
    [`${s}.deadLetters.list`, {}],
    [`${s}.deadLetters.get`, { params: () => ({ id: 'no-such-letter' }), fails: true }],
  ]),
) as Record<string, Row>;

const ROWS: Record<string, Row> = {
  ...deadLetterRows,
  ...RETURNS_ROWS,
  ...perService('storesHealth'),
  ...perService('storesStats'),
  'api.health': {},
  'api.openapi': {},
  'api.docs': {},
  'api.docsAsset': { params: () => ({ asset: 'docs-init.js' }) },
  'api.routes': {},
  'auth.session': { as: 'A' },
  'auth.listAccounts': { params: () => page },
  'auth.listAudit': { params: () => page },
  'auth.getAccount': { params: (f) => ({ id: f.cast.customerA.id }) },
  'users.me': { as: 'A' },
  'users.preferences': { as: 'A' },
  'users.getPreferences': { params: (f) => ({ userId: f.cast.customerA.id }) },
  'users.listUsers': { params: () => page },
  'users.getUser': { params: (f) => ({ id: f.cast.customerA.id }) },
  'users.listAddresses': { as: 'A' },
  'users.getAddress': { as: 'A', params: (f) => ({ id: f.addressId }) },
  'users.getUserAddress': { params: (f) => ({ userId: f.cast.customerA.id, id: f.addressId }) },
  'users.listPaymentMethods': { as: 'A' },
  'users.getPaymentMethod': { params: (f) => ({ userId: f.cast.customerA.id, id: f.cardId }) },
  'users.wishlist': { as: 'A' },
  'products.list': { params: () => ({}) },
  'products.get': { params: (f) => ({ id: f.productId }) },
  'products.getAt': { params: (f) => ({ id: f.productId, ...stamp }) },
  'products.priceBoundaries': { params: () => ({ gen: stamp.gen }) },
  'products.variantsBySku': { params: (f) => ({ skus: [f.sku] }) },
  'products.count': {},
  'products.listCategories': {},
  'products.categoryTree': { params: () => ({ gen: stamp.gen }) },
  'products.export': { params: () => ({ limit: 10 }) },
  'inventory.export': { params: () => ({ limit: 10 }) },
  'search.search': { params: () => ({ q: 'retry' }) },
  'search.query': { params: () => ({ q: 'retry', sort: 'name' }) },
  'search.document': { params: (f) => ({ id: f.productId }) },
  'search.synonyms': {},
  'search.reindexStatus': { params: () => ({ id: 'no-such-job' }), fails: true },
  // Replaces the whole list with the same list: the repeat leaves it as the first call did.
  'search.setSynonyms': { params: () => ({ synonyms: { tee: ['t-shirt'] } }) },
  'inventory.levels': { params: (f) => ({ sku: f.sku }) },
  'inventory.receiveBatch': {
    params: (f) => ({ ref: 'retry-batch', lines: [{ sku: f.sku, warehouse: 'batch', quantity: 3 }] }),
    changes: true,
  },
  'inventory.movements': { params: (f) => ({ sku: f.sku }) },
  'inventory.availability': { params: (f) => ({ skus: [f.sku] }) },
  'inventory.getReservation': { params: (f) => ({ orderId: f.orderId }) },
  'carts.cart': { as: 'A' },
  // Customer B's cart: added to, changed and emptied, each change made once.
  'carts.addItem': { as: 'B', params: (f) => ({ sku: f.sku, quantity: 2 }), changes: true },
  'carts.updateItem': { as: 'B', params: (f) => ({ sku: f.sku, quantity: 5 }), changes: true },
  'carts.removeItem': { as: 'B', params: (f) => ({ sku: f.sku }), changes: true },
  // No promotion has this code: refused alike both times, nothing stored.
  'carts.applyCoupon': { as: 'B', params: () => ({ code: 'NO-SUCH-CODE' }), fails: true },
  'carts.removeCoupon': { as: 'B', params: () => ({ code: 'NO-SUCH-CODE' }) },
  'carts.setAddress': {
    as: 'B',
    params: () => ({ shippingAddress: { name: 'Bo', line1: '2 Main St', city: 'Austin', postalCode: '78701', country: 'US' } }),
    changes: true,
  },
  'carts.get': { params: (f) => ({ userId: f.cast.customerA.id }) },
  'orders.list': { as: 'A', params: () => page },
  'orders.view': { as: 'A', params: (f) => ({ id: f.orderId }) },
  'orders.get': { params: (f) => ({ orderId: f.orderId }) },
  'orders.customerHasOrders': { params: (f) => ({ userId: f.cast.customerA.id }) },
  'discounts.price': {
    params: (f) => ({
      currency: 'EUR',
      lines: [{ sku: f.sku, productId: f.productId, categoryPath: [], quantity: 1, unitPrice: 1000 }],
      codes: ['NO-SUCH-CODE'],
    }),
  },
  'discounts.listPromotions': { params: () => page },
  'discounts.getPromotion': { params: () => ({ id: 'no-such-promotion' }), fails: true },
  'discounts.listPromotionCodes': { params: () => ({ id: 'no-such-promotion', ...page }), fails: true },
  'discounts.exportPromotionCodes': { params: () => ({ id: 'no-such-promotion' }), fails: true },
  'discounts.promotionUsage': { params: () => ({ id: 'no-such-promotion', ...page }), fails: true },
  'discounts.getTaxRates': {},
  'discounts.putTaxRates': { params: () => ({ rates: [{ country: 'US', taxClass: 'standard', rateBps: 825 }] }), changes: true },
  'discounts.getTaxSettings': {},
  'discounts.putTaxSettings': { params: () => ({ inclusiveByCurrency: { EUR: true } }) },
  'discounts.reserveUsage': {
    params: (f) => ({
      orderId: f.orderId,
      userId: f.cast.customerA.id,
      currency: 'EUR',
      promotions: [{ promotionId: 'no-such-promotion', version: 1, amount: 100 }],
      expiresAt: Date.now() + 60_000,
    }),
    fails: true,
  },
  'discounts.commitUsage': { params: (f) => ({ orderId: f.orderId }) },
  'discounts.releaseUsage': { params: (f) => ({ orderId: f.orderId, reason: 'cancelled' }) },
  'discounts.sweepExpiredUsage': {},
  'payments.get': { params: (f) => ({ orderId: f.orderId }) },
  'notifications.listTemplates': { params: () => page },
  'notifications.listDeliveries': { params: () => page },
  'sagas.get': { params: (f) => ({ id: f.orderId }) },
  'sagas.list': { params: () => page },
  'sagas.stats': {},
  'ops.deadLetters': { params: () => ({ service: 'notifications' }) },
  'ops.deadLetter': { params: () => ({ service: 'users', id: 'no-such-letter' }), fails: true },
  ...SHIPPING_ROWS,
};

/** What may differ between two identical answers: measured times. */
const VOLATILE = new Set(['latencyMs', 'checkedAt', 'uptimeS']);
const normal = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value ?? null, (k, v) => (VOLATILE.has(k) ? undefined : v)));

async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: normal(await call()) };
  } catch (err) {
    const e = err as { name?: string; code?: number; type?: string; message?: string };
    return { error: { name: e.name, code: e.code, type: e.type, message: e.message } };
  }
}

let platform: Platform;
let fixture: Fixture;
const principal = (who: Identity): Principal => {
  const claims = JSON.parse(Buffer.from(who.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
  return { id: who.id, roles: claims.roles as Principal['roles'], email: who.email, sid: claims.sid as string };
};

/** Every store's row counts and customer B's cart: what a repeated call must leave as it was. */
async function state(broker: ServiceBroker, system: Principal): Promise<unknown> {
  const meta = { meta: { user: system } };
  const stats = await Promise.all(Object.keys(perService('x')).map((a) => broker.call(a.replace(/x$/, 'storesStats'), {}, meta)));
  const cart = await broker.call('carts.get', { userId: fixture.cast.customerB.id }, meta);
  return normal({ stats, cart });
}

beforeAll(async () => {
  platform = await startPlatform([...IMPLEMENTED_SERVICES], { ADMIN_PASSWORD });
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const meta = { meta: { user: SYSTEM_PRINCIPAL } };
  const { broker } = platform;
  const sku = 'RETRY-1';
  const variants = [{ sku, price: { amount: 1000, currency: 'EUR' } }];
  const product = await broker.call<{ id: string }, object>(
    'products.create',
    { slug: 'retry-product', name: 'Retry', brand: 'Test', status: 'active', variants },
    meta,
  );
  await broker.call('inventory.receive', { sku, warehouse: 'main', quantity: 100, ref: 'retry' }, meta);
  const cast = await castOf(platform.api);
  const asA = { token: cast.customerA.token };
  const address = { name: 'Alice', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
  const addressId = (await cast.call<{ id: string }>('POST', '/me/addresses', address, asA)).body.id;
  const card = { provider: 'sandbox', token: 'tok_sandbox_retry', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2099 };
  const cardId = (await cast.call<{ id: string }>('POST', '/me/payment-methods', card, asA)).body.id;
  await cast.call('POST', '/cart/items', { sku, quantity: 1 }, asA);
  const headers = { 'Idempotency-Key': 'retry-order-1' };
  const placed = await cast.call<{ id: string }>(
    'POST',
    '/orders',
    { shippingAddressId: addressId, paymentToken: 'tok_visa' },
    { ...asA, headers },
  );
  const orderId = placed.body.id;
  fixture = { cast, productId: product.id, sku, orderId, addressId, cardId };
  // Settled: the saga completed, its mail went out and its shipment exists, so nothing changes behind the calls below.
  for (let i = 0; ; i++) {
    if (i > 400) throw new Error(`fixture order ${orderId} never settled`);
    const saga = await broker.call<{ status: string }, object>('sagas.get', { id: orderId }, meta).catch(() => null);
    const mails = await broker.call<{ rows: { status: string }[] }, object>('notifications.listDeliveries', page, meta);
    const shipments = await broker.call<{ total: number }, object>('shipping.listShipments', { orderId, ...page }, meta);
    if (saga?.status === 'COMPLETED' && mails.rows.some((r) => r.status === 'sent') && shipments.total > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 500));
}, 120_000);
afterAll(() => platform?.stop());

it('has a row for exactly the actions the broker may retry', () => {
  const list = platform.broker.registry.getActionList({ skipInternal: true }) as unknown as {
    name: string;
    action: { idempotent?: boolean };
  }[];
  const retryable = list.filter((a) => a.action.idempotent === true).map((a) => a.name);
  expect([...new Set(retryable)].sort()).toEqual(Object.keys(ROWS).sort());
});

it('each answers the same when called again from the same request, and the repeat changes nothing', async () => {
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const callers: Record<Caller, Principal> = {
    system: SYSTEM_PRINCIPAL,
    A: principal(fixture.cast.customerA),
    B: principal(fixture.cast.customerB),
    admin: principal(fixture.cast.admin),
  };
  const { broker } = platform;
  const problems: string[] = [];
  for (const [action, row] of Object.entries(ROWS)) {
    const request = Context.create(broker, null as never, {}, { meta: { user: callers[row.as ?? 'system'] } });
    const params = row.params?.(fixture) ?? {};
    const before = await state(broker, SYSTEM_PRINCIPAL);
    const first = await outcome(() => request.call(action, params));
    const between = await state(broker, SYSTEM_PRINCIPAL);
    const second = await outcome(() => request.call(action, params));
    const after = await state(broker, SYSTEM_PRINCIPAL);
    const failed = 'error' in (first as object);
    if (failed !== (row.fails === true)) problems.push(`${action}: ${JSON.stringify(first).slice(0, 300)}`);
    if (JSON.stringify(first) !== JSON.stringify(second)) problems.push(`${action}: another answer the second time`);
    if (JSON.stringify(between) !== JSON.stringify(after)) problems.push(`${action}: the repeat changed state`);
    if ((JSON.stringify(before) !== JSON.stringify(between)) !== (row.changes === true))
      problems.push(`${action}: ${row.changes ? 'the first call changed nothing' : 'a read changed state'}`);
  }
  expect(problems).toEqual([]);
}, 120_000);
