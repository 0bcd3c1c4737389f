import { randomUUID } from 'node:crypto';
import { Errors, type ServiceBroker } from 'moleculer';
import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { Store } from '../../mixins/store/store.types';
import type { ServiceName } from '../../services/registry';
import { SHIPPING, startWorld, type World } from '../orders/orders.fixtures';
import { orderHelpers } from '../orders/orders.helpers';
import { eventually } from '../support/eventually';
import type { Identity } from '../support/identities';

/** A `sagas.signal` as the returns service sends it. */
export interface SignalCall {
  sagaId: string;
  signal: string;
  key: string;
  data?: Record<string, unknown>;
}

export interface ReturnsWorld {
  w: World;
  node: ServiceBroker;
  store(): Store;
  /** The returns outbox's rows of `event` about `returnId`. */
  events(event: string, returnId: string): Promise<OutboxRow[]>;
  /** Every `sagas.signal` taken, in order (a stand-in on the returns node, so these specs do not run the return saga itself). */
  signals: SignalCall[];
  /** A customer's order of `quantity` MUG-RED, confirmed and delivered through a shipment event. */
  deliveredOrder(quantity: number, sku?: string): Promise<{ who: Identity; id: string }>;
}

/**
 * The orders world (gateway, catalog, stock, carts, orders and the `sagas.start` stand-in) plus the
 * returns service (and `more`) on a node of its own, as `fulfilment` runs it, all on PostgreSQL and NATS.
 */
export async function returnsWorld(more: ServiceName[] = []): Promise<ReturnsWorld> {
  const w = await startWorld();
  const node = await w.platform.addNode(['returns', ...more], `fulfilment-${randomUUID().slice(0, 8)}`);
  const signals: SignalCall[] = [];
  // `sagas.signal` lives here only; `sagas.start` on the first node: the broker routes each by action.
  node.createService({
    name: 'sagas',
    actions: {
      signal: {
        visibility: 'public',
        access: 'internal',
        idempotent: true,
        handler(ctx: { params: SignalCall }) {
          // Like the coordinator: a saga never started is not found.
          if (!w.sagas.started.has(ctx.params.sagaId)) throw new Errors.MoleculerClientError('Saga not found', 404, 'NOT_FOUND');
          signals.push(ctx.params);
          return { sagaId: ctx.params.sagaId, signal: ctx.params.signal, resumed: true };
        },
      },
    },
  });
  await w.platform.broker.waitForServices(['returns']);
  await eventually(async () => (await w.req('GET', '/admin/returns', { as: w.cast.admin })).status === 200, 15_000);
  // Receipts go into `east`: inventory knows a warehouse once it keeps some stock there.
  await w.system('inventory.receive', { sku: 'POSTER-A', warehouse: 'east', quantity: 1, ref: 'seed-east-POSTER-A' });
  const h = orderHelpers(() => w);
  const store = () => (node.getLocalService('returns') as unknown as { store(n: string): Store }).store('returns');
  return {
    w,
    node,
    signals,
    store,
    async events(event, returnId) {
      const rows = await store().collection<OutboxRow>('outbox').find({ filter: { event } });
      return rows.filter((r) => (r.payload.data as { returnId: string }).returnId === returnId);
    },
    async deliveredOrder(quantity, sku = 'MUG-RED') {
      const who = await w.cast.newCustomer();
      await w.fillCart(who, [[sku, quantity]]);
      const placed = await h.checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
      if (placed.status !== 202) throw new Error(`checkout answered ${placed.status} ${placed.text}`);
      const id = placed.body.id as string;
      await h.step('confirm', id, `${id}:confirm-order`);
      await h.shipment({ id, who }, { id: `${id}:main`, status: 'delivered', quantity, seq: 5, sku });
      await eventually(async () => (await w.orders.get(id))?.status === 'DELIVERED');
      return { who, id };
    },
  };
}
