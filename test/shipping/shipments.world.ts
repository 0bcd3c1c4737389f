import { randomBytes } from 'node:crypto';
import type { Errors } from 'moleculer';
import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { Store } from '../../mixins/store/store.types';
import { SandboxCarrier } from '../../services/shipping/carriers/sandbox.carrier';
import { planShipments } from '../../services/shipping/domain/plan';
import type { Order } from '../../services/orders/orders.contract';
import type { CarrierProvider, Shipment, ShipmentEvent } from '../../services/shipping/shipments.contract';
import { FulfilmentCancel } from '../../services/shipping/shipping.cancel';
import { planInput } from '../../services/shipping/shipping.consumer';
import { shipmentsSchema } from '../../services/shipping/shipping.schema';
import { ShipmentLifecycle } from '../../services/shipping/shipping.shipments';
import { GUARDS, SHIPMENTS, type GuardDoc, type ShipmentDoc } from '../../services/shipping/shipping.shipments.ops';
import { requireOrSkip, type EngineHarness } from '../support/engine-harness';

export const uid = () => randomBytes(5).toString('hex');

/** The lifecycle and the cancel over one real `shipments` store, with the sandbox carrier. */
export interface ShipmentsWorld {
  store: Store;
  lifecycle: ShipmentLifecycle;
  cancel: FulfilmentCancel;
  carrier: CarrierProvider & { cancelled: string[] };
}

export async function shipmentsWorld(harness: EngineHarness): Promise<ShipmentsWorld> {
  const store = await harness.createStore('shipments', shipmentsSchema);
  const sandbox = new SandboxCarrier({ secret: 'x'.repeat(32), trackingUrlBase: 'https://track.example/' });
  const cancelled: string[] = [];
  // The real sandbox, remembering which labels were cancelled so tests can see it.
  const carrier = Object.assign(Object.create(sandbox) as SandboxCarrier, {
    cancelled,
    async cancelLabel(req: { carrierRef: string; trackingNumber: string }) {
      await sandbox.cancelLabel(req);
      cancelled.push(req.trackingNumber);
    },
  });
  const deps = { store, carrier: () => carrier, published: () => undefined };
  const to = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
  return {
    store,
    carrier,
    lifecycle: new ShipmentLifecycle({ ...deps, labelInput: async () => ({ weightG: 500, to }) }),
    cancel: new FulfilmentCancel(deps),
  };
}

/**
 * A describe block's world on `harness`, handed to `use` before its tests; `it_` does nothing when
 * the engine cannot run here (never under CI=true: requireOrSkip).
 */
export function onShipmentsStore(harness: EngineHarness, use: (w: ShipmentsWorld) => void) {
  let ready = false;
  beforeAll(async () => {
    ready = requireOrSkip(await harness.setup(), harness.label);
    if (ready) use(await shipmentsWorld(harness));
  }, 60_000);
  afterAll(() => harness.teardown(), 60_000);
  return (name: string, fn: () => Promise<void>, timeout = 60_000) => it(name, async () => (ready ? fn() : undefined), timeout);
}

/** An order of `lines` allocated from warehouses as given: `{sku: {warehouse: quantity}}`. */
export function confirmedOrder(allocations: Record<string, Record<string, number>>) {
  const orderId = `o-${uid()}`;
  const userId = `u-${uid()}`;
  const lines = Object.entries(allocations).map(([sku, byWarehouse]) => ({
    sku,
    quantity: Object.values(byWarehouse).reduce((a, b) => a + b, 0),
    allocations: Object.entries(byWarehouse).map(([warehouse, quantity]) => ({ warehouse, quantity })),
  }));
  const order = { id: orderId, userId, items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) } as unknown as Order;
  return { orderId, userId, plan: async () => planShipments(planInput(order, { lines })) };
}

export const shipmentsOf = (w: ShipmentsWorld, orderId: string) =>
  w.store.collection<ShipmentDoc>(SHIPMENTS).find({ filter: { orderId }, sort: ['id'] });
export const guardOf = async (w: ShipmentsWorld, orderId: string) =>
  (await w.store.collection<GuardDoc>(GUARDS).get(orderId))?.state;

/** The order's outbox rows by event name, payloads only. */
export async function eventsOf(w: ShipmentsWorld, orderId: string, event: string): Promise<ShipmentEvent[]> {
  const rows = await w.store.collection<OutboxRow>('outbox').find({ filter: { event } });
  return rows.map((r) => r.payload.data as ShipmentEvent).filter((d) => d.orderId === orderId);
}

/** Units per SKU over the shipments given. */
export function unitsBySku(shipments: Shipment[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of shipments) for (const l of s.lines) out[l.sku] = (out[l.sku] ?? 0) + l.quantity;
  return out;
}

/** How calls ended: the successes' values and the refusals' error types. */
export async function settle<T>(calls: Promise<T>[]) {
  const results = await Promise.allSettled(calls);
  const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const refused = results.flatMap((r) =>
    r.status === 'rejected' ? [(r.reason as Errors.MoleculerError).type ?? String(r.reason)] : [],
  );
  return { won, refused };
}
