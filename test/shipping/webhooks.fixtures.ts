import { randomBytes } from 'node:crypto';
import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { Collection, Doc } from '../../mixins/store/store.types';
import { canonicalPayload, signPayload } from '../../mixins/webhooks/signature';
import { SandboxCarrier, type SandboxWebhookBody } from '../../services/shipping/carriers/sandbox.carrier';
import type { Shipment, ShipmentStatus } from '../../services/shipping/shipments.contract';
import type { ShippingThis } from '../../services/shipping/shipping.methods';
import { client, type Call, type Reply } from '../support/http';
import { startPlatform, type Platform } from '../support/platform';

/**
 * The shipping service and the gateway on the real servers (PostgreSQL, NATS), with the store's
 * collections at hand to set up shipments and to check what a webhook changed (or did not).
 */
export interface ShippingWorld {
  platform: Platform;
  http: Call;
  secret: string;
  carrier: SandboxCarrier;
  col: {
    shipments: Collection<Shipment & Doc>;
    receipts: Collection;
    outbox: Collection<OutboxRow>;
    steps: Collection<Doc & { dueAt: number }>;
    guards: Collection;
  };
}

export async function startShippingWorld(env: Record<string, string> = {}): Promise<ShippingWorld> {
  const secret = `shipsec_${randomBytes(24).toString('hex')}`;
  const platform = await startPlatform(['api', 'shipping'], { SHIPPING_WEBHOOK_SECRET: secret, ...env });
  const svc = platform.broker.getLocalService('shipping') as unknown as ShippingThis;
  await svc.ensureConnected('shipments');
  const store = svc.store('shipments');
  return {
    platform,
    http: client(platform.api),
    secret,
    carrier: new SandboxCarrier({ secret, trackingUrlBase: 'https://track.sandbox-carrier.example/' }),
    col: {
      shipments: store.collection('shipments'),
      receipts: store.collection('tracking_receipts'),
      outbox: store.collection('outbox'),
      steps: store.collection('sandbox_steps'),
      guards: store.collection('fulfilment_guards'),
    },
  };
}

/**
 * A shipment with a sandbox label, as the lifecycle leaves it: `label_purchased` (the carrier has
 * not scanned it yet) or handed over (`in_transit`, shippedAt set). `endsIn` picks the tracking
 * number's last digit (7: the sandbox fails its first delivery attempt).
 */
export async function seedShipment(
  w: ShippingWorld,
  opts: { status?: ShipmentStatus; endsIn?: (digit: string) => boolean; shippedAt?: number } = {},
): Promise<Shipment> {
  const status = opts.status ?? 'label_purchased';
  for (;;) {
    const orderId = `o-${randomBytes(6).toString('hex')}`;
    const id = `${orderId}:main`;
    const to = { name: 'Ada', line1: '1 Road', city: 'Berlin', postalCode: '10115', country: 'DE' };
    const bought = await w.carrier.createLabel({ shipmentId: id, serviceLevel: 'standard', weightG: 500, to });
    if (opts.endsIn && !opts.endsIn(bought.trackingNumber.slice(-1))) continue;
    const now = Date.now();
    const handedOver = status === 'in_transit';
    const shipment: Shipment = {
      id,
      orderId,
      userId: 'u-1',
      warehouse: 'main',
      lines: [{ sku: 'SKU-1', quantity: 2 }],
      carrier: 'sandbox',
      serviceLevel: 'standard',
      status,
      trackingNumber: bought.trackingNumber,
      trackingUrl: bought.trackingUrl,
      label: { ...bought.label, purchasedAt: now },
      events: handedOver ? [{ id: `sandbox:${bought.trackingNumber}:handed-over`, status, at: now, rawCode: 'handed-over' }] : [],
      ...(handedOver ? { shippedAt: opts.shippedAt ?? now } : {}),
      createdAt: now,
      updatedAt: now,
    };
    return w.col.shipments.insert(shipment as Shipment & Doc);
  }
}

/** A sandbox webhook body; `at` defaults to now. */
export const report = (
  trackingNumber: string,
  code: string,
  at = Date.now(),
  id = `evt_${randomBytes(8).toString('hex')}`,
): SandboxWebhookBody => ({
  id,
  trackingNumber,
  code,
  at,
  location: 'Berlin hub',
});

export const nowS = () => Math.floor(Date.now() / 1000);
export const sign = (w: ShippingWorld, body: object, t = nowS(), secret = w.secret) =>
  signPayload(secret, canonicalPayload(body), t);

/** POSTs to the public route as a carrier would, signed unless `signature` says otherwise (null: no header). */
export function deliver(
  w: ShippingWorld,
  body: object,
  signature: string | null = sign(w, body),
  carrier = 'sandbox',
): Promise<Reply> {
  return w.http(
    'POST',
    `/shipping/webhooks/${carrier}`,
    body,
    signature === null ? {} : { headers: { 'X-Sandbox-Signature': signature } },
  );
}

/** Outbox rows the shipments store holds about one shipment, by event name. */
export async function eventsOf(w: ShippingWorld, shipmentId: string): Promise<string[]> {
  const rows = await w.col.outbox.find({ filter: { 'payload.data.shipmentId': shipmentId }, sort: ['createdAt'] });
  return rows.map((r) => r.event);
}
