import type { ServiceBroker } from 'moleculer';
import type { LoadableName } from '../../services';
import type { Order, OrderEvent } from '../../services/orders/orders.contract';
import type { Collection, Store } from '../../mixins/store/store.types';
import { client, type Reply } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast, type Identity } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

export type Body = Record<string, unknown> & { error?: { type: string; message: string; fields?: { field: string }[] } };

export interface SagaStart {
  type: string;
  id: string;
  data: Record<string, unknown>;
}

/**
 * A test double of the saga coordinator (built concurrently): `sagas.start` records every call and,
 * like the real one, is idempotent by id, so `started` holds one entry per saga it would run.
 */
export interface SagasStandIn {
  calls: SagaStart[];
  started: Map<string, SagaStart>;
  /** `order.status-changed` envelopes' data, as a consumer receives them. */
  statusEvents: { orderId: string; from: string; to: string; reason?: string; userId: string; total: unknown }[];
  failNext: number;
}

export interface World {
  platform: Platform;
  cast: Cast;
  sagas: SagasStandIn;
  orders: Collection<Order>;
  events: Collection<OrderEvent>;
  ordersStore: Store;
  historyStore: Store;
  req(method: string, route: string, opts?: { as?: Identity; body?: unknown; key?: string }): Promise<Reply<Body>>;
  system<T>(action: string, params: unknown, meta?: Record<string, unknown>): Promise<T>;
  fillCart(who: Identity, lines: [string, number][]): Promise<void>;
  addAddress(who: Identity, city: string): Promise<string>;
  addCard(who: Identity, token: string): Promise<string>;
}

export const SHIPPING = { name: 'Ann Example', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };

function sagasStandIn(broker: ServiceBroker): SagasStandIn {
  const state: SagasStandIn = { calls: [], started: new Map(), statusEvents: [], failNext: 0 };
  broker.createService({
    name: 'sagas',
    actions: {
      start: {
        visibility: 'public',
        access: 'internal',
        idempotent: false,
        handler(ctx: { params: SagaStart }) {
          state.calls.push(ctx.params);
          if (state.failNext > 0) {
            state.failNext--;
            throw new Error('coordinator unavailable (stand-in)');
          }
          if (!state.started.has(ctx.params.id)) state.started.set(ctx.params.id, ctx.params);
          return { id: ctx.params.id, status: 'RUNNING' };
        },
      },
    },
    events: {
      'order.status-changed'(ctx: { params: { data: SagasStandIn['statusEvents'][number] } }) {
        state.statusEvents.push(ctx.params.data);
      },
    },
  });
  return state;
}

/** Gateway, identity, catalog, stock, carts (priced by discounts) and orders, with a small catalog and the saga stand-in. */
export async function startWorld(env: Record<string, string> = {}, more: LoadableName[] = []): Promise<World> {
  const services: LoadableName[] = ['api', 'auth', 'users', 'products', 'inventory', 'carts', 'discounts', 'orders', ...more];
  const platform = await startPlatform(services, {
    ADMIN_PASSWORD,
    ...env,
  });
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const system = <T>(action: string, params: unknown, meta: Record<string, unknown> = {}) =>
    platform.broker.call<T, unknown>(action, params, { meta: { user: SYSTEM_PRINCIPAL, ...meta } });
  const sagas = sagasStandIn(platform.broker);
  await platform.broker.waitForServices(['sagas']);
  for (const [slug, sku, amount] of [
    ['mug', 'MUG-RED', 1250],
    ['poster', 'POSTER-A', 990],
    ['lamp', 'LAMP-1', 4999],
  ] as const) {
    await system('products.create', {
      slug,
      name: slug,
      brand: 'Acme',
      status: 'active',
      variants: [{ sku, price: { amount, currency: 'EUR' } }],
    });
    await system('inventory.receive', { sku, warehouse: 'main', quantity: sku === 'LAMP-1' ? 3 : 1000, ref: `seed-${sku}` });
  }
  const call = client(platform.api);
  const cast = await castOf(platform.api);
  const req: World['req'] = (method, route, opts = {}) =>
    call<Body>(method, route, opts.body, {
      token: opts.as?.token,
      headers: opts.key === undefined ? {} : { 'idempotency-key': opts.key },
    });
  const ok = async (res: Promise<Reply<Body>>, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${r.text}`);
    return r.body;
  };
  const service = platform.broker.getLocalService('orders') as unknown as { store(name: string): Store };
  const ordersStore = service.store('orders');
  return {
    platform,
    cast,
    sagas,
    ordersStore,
    historyStore: service.store('order-history'),
    orders: ordersStore.collection<Order>('orders'),
    events: ordersStore.collection<OrderEvent>('order_events'),
    req,
    system,
    async fillCart(who, lines) {
      for (const [sku, quantity] of lines) await ok(req('POST', '/cart/items', { as: who, body: { sku, quantity } }), 200);
    },
    async addAddress(who, city) {
      return (await ok(req('POST', '/me/addresses', { as: who, body: { ...SHIPPING, city } }), 201)).id as string;
    },
    async addCard(who, token) {
      const body = { provider: 'sandbox', token, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2090 };
      return (await ok(req('POST', '/me/payment-methods', { as: who, body }), 201)).id as string;
    },
  };
}
