import type { Money, ServiceLevel } from './shipping.contract';

/** Shipments, tracking, carriers and the events orders and notifications read. Pure types. */

export const SHIPMENT_STATUSES = [
  'pending',
  'label_purchased',
  'in_transit',
  'out_for_delivery',
  'failed_attempt',
  'delivered',
  'returned_to_sender',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Handed to the carrier: `in_transit`, `out_for_delivery`, `failed_attempt`, `delivered`, `returned_to_sender`. */
export const SHIPPED_STATUSES: readonly ShipmentStatus[] = ['in_transit', 'out_for_delivery', 'failed_attempt', 'delivered', 'returned_to_sender'];

export type ShipmentKind = 'outbound' | 'return';

export interface ShipmentLine {
  sku: string;
  quantity: number;
}

/** One normalised tracking entry; `id` dedupes (carrier, tracking number, raw code, time). */
export interface TrackingEvent {
  id: string;
  status: ShipmentStatus;
  at: number;
  location?: string;
  /** The carrier's own code, kept as sent. */
  rawCode: string;
  description?: string;
}

export interface ShipmentLabel {
  /** `url` for a carrier-hosted document, `blob` when the service keeps the bytes (`GET /api/admin/shipments/:id/label`). */
  kind: 'url' | 'blob';
  url?: string;
  /** Base64 of the document, only for `blob`, never in list views. */
  data?: string;
  contentType: string;
  purchasedAt: number;
  /** The carrier's id of the label (for cancelLabel). */
  carrierRef: string;
}

/**
 * Id `${orderId}:${warehouse}` for the shipment confirming creates (one per warehouse the reservation
 * allocated from: creating twice finds the same row); a split-off remainder is `${parentId}/${n}`.
 */
export interface Shipment {
  id: string;
  orderId: string;
  /** Absent is `outbound`. A return's parcel coming back is `return` (id `ret-${returnId}`): it fulfils no order. */
  kind?: ShipmentKind;
  /**
   * An exchange's new items (outbound): the return they replace. Such a shipment's orderId is the
   * exchange's own id (`x-${returnId}`, its reservation's), so it never counts against the original order.
   */
  exchangeFor?: string;
  /** The order whose customer and address an exchange shipment serves (its label is addressed from it). */
  sourceOrderId?: string;
  userId: string;
  warehouse: string;
  lines: ShipmentLine[];
  carrier: string;
  serviceLevel: ServiceLevel;
  methodId?: string;
  status: ShipmentStatus;
  trackingNumber?: string;
  /** The carrier's public tracking page for this number. */
  trackingUrl?: string;
  label?: ShipmentLabel;
  /** Oldest first, deduplicated; the status is the highest-ranked entry, never lowered by a late one. */
  events: TrackingEvent[];
  /** Set when split from another shipment (partial ship). */
  parentId?: string;
  shippedAt?: number;
  deliveredAt?: number;
  cancelledAt?: number;
  createdAt: number;
  updatedAt: number;
  version?: number;
}

/**
 * Per order, one row (`id` = orderId) that makes "ship" and "cancel" exclusive in one conditional
 * write: `open` → `shipping` (the first ship) or `open` → `cancelled` (the cancel saga). A cancel
 * of an order whose row is `shipping` answers 409 ORDER_ALREADY_SHIPPED.
 */
export interface FulfilmentGuard {
  id: string;
  state: 'open' | 'shipping' | 'cancelled';
  updatedAt: number;
  version?: number;
}

/** The carrier provider interface; `sandbox` is the one shipped, others register by id. */
export interface CarrierProvider {
  id: string;
  /** A price from the carrier (not used by rate cards; a live-rate method would). */
  rate?(req: { lines: ShipmentLine[]; weightG: number; from: string; to: { country: string; postalCode?: string } }): Promise<Money | null>;
  createLabel(req: {
    shipmentId: string;
    serviceLevel: ServiceLevel;
    weightG: number;
    to: { name: string; line1: string; city: string; postalCode: string; country: string };
    /** Return labels (returns issue) reverse from and to. */
    direction?: 'outbound' | 'return';
  }): Promise<{ trackingNumber: string; trackingUrl: string; label: Omit<ShipmentLabel, 'purchasedAt'> }>;
  cancelLabel(req: { carrierRef: string; trackingNumber: string }): Promise<void>;
  /** Verifies and normalises a webhook; `null` signature check failed (answer 400, change nothing). */
  parseWebhook(req: { body: unknown; signature: string | undefined; nowS: number }): WebhookParse;
  trackingUrl(trackingNumber: string): string;
}

export type WebhookParse =
  | { ok: true; trackingNumber: string; events: Omit<TrackingEvent, 'id'>[] }
  /** `field`: a body field the carrier could not read (answered 422 naming it); absent: the signature failed (400). */
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'stale'; field?: string };

/** Event payloads (through the shipping outbox); `seq` is the shipment's version, so consumers drop older ones. */
export interface ShipmentEvent {
  shipmentId: string;
  orderId: string;
  /** Only when `return`: consumers of fulfilment (orders, shipment mails) ignore return parcels. */
  kind?: ShipmentKind;
  /** An exchange's shipment: the return it replaces (its orderId is the exchange's id). */
  exchangeFor?: string;
  userId: string;
  warehouse: string;
  status: ShipmentStatus;
  lines: ShipmentLine[];
  carrier: string;
  trackingNumber?: string;
  trackingUrl?: string;
  seq: number;
  at: number;
}
export type ShipmentExceptionEvent = ShipmentEvent & { rawCode: string; description?: string };

/** `shipping.cancelForOrder {orderId, reason}` (internal, the cancel saga): labels cancelled, shipments `cancelled`. */
export interface CancelForOrderAnswer {
  orderId: string;
  cancelled: string[];
}

/** What orders derive from shipment events (services/shipping/domain/fulfilment.ts, pure). */
export interface LineFulfilment {
  sku: string;
  ordered: number;
  shipped: number;
  delivered: number;
}
export type FulfilmentStatus = 'UNFULFILLED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'DELIVERED';
