import { Errors } from 'moleculer';
import type { Doc, Filter, Store, WriteOp } from '../../mixins/store/store.types';
import { RuleError } from '../../mixins/validation/rule-error';
import { recordEvent } from '../events.catalog';
import { splitForShipping } from './domain/split';
import type { FulfilmentGuard, Shipment, ShipmentEvent, ShipmentLine } from './shipments.contract';
import { invalid } from './shipping.errors';

/**
 * The writes of the shipments' lifecycle (create, label, ship, cancel), built here and applied by
 * one `store.atomic` each: the shipment, its outbox row and the order's fulfilment guard together.
 */

export const SHIPMENTS = 'shipments';
export const GUARDS = 'fulfilment_guards';

export type ShipmentDoc = Shipment & Doc;
export type GuardDoc = FulfilmentGuard & Doc;
type ShipmentEventName =
  'shipment.created' | 'shipment.label-purchased' | 'shipment.shipped' | 'shipment.delivered' | 'shipment.exception';

/** The lifecycle's and the cancel's shared reads: the shipments and the fulfilment guards of one store. */
export abstract class ShipmentRows<D extends { store: Store }> {
  constructor(protected readonly deps: D) {}
  protected get shipments() {
    return this.deps.store.collection<ShipmentDoc>(SHIPMENTS);
  }
  protected get guards() {
    return this.deps.store.collection<GuardDoc>(GUARDS);
  }
}

/** A shipment as routes show it: the label's bytes only through the label route. */
export function shipmentView(s: Shipment): Shipment {
  const { label, ...rest } = s;
  if (!label) return rest;
  const { data: _bytes, ...meta } = label;
  return { ...rest, label: meta };
}

/** What a customer reads of a shipment (`GET /api/orders/:id/shipments`): no label, no warehouse. */
export const customerShipmentView = (s: Shipment) => ({
  id: s.id,
  // A return's parcel (the customer's own, going back) says so.
  ...(s.kind === 'return' ? { kind: s.kind } : {}),
  status: s.status,
  carrier: s.carrier,
  serviceLevel: s.serviceLevel,
  trackingNumber: s.trackingNumber,
  trackingUrl: s.trackingUrl,
  lines: s.lines,
  events: s.events,
  shippedAt: s.shippedAt,
  deliveredAt: s.deliveredAt,
});

/** The outbox row for `name` about `s` as it is after the unit (`seq` is its version then). */
export function shipmentEventOp(
  name: ShipmentEventName,
  s: Shipment,
  seq: number,
  at: number,
  rawCode?: string,
  description?: string,
): WriteOp {
  const data: ShipmentEvent = {
    shipmentId: s.id,
    orderId: s.orderId,
    ...(s.kind === 'return' ? { kind: s.kind } : {}),
    ...(s.exchangeFor ? { exchangeFor: s.exchangeFor } : {}),
    userId: s.userId,
    warehouse: s.warehouse,
    status: s.status,
    lines: s.lines,
    carrier: s.carrier,
    ...(s.trackingNumber ? { trackingNumber: s.trackingNumber, trackingUrl: s.trackingUrl } : {}),
    seq,
    at,
  };
  if (name === 'shipment.exception')
    return recordEvent('shipping', name, { ...data, rawCode: rawCode ?? s.status, ...(description ? { description } : {}) }, at)
      .op;
  return recordEvent('shipping', name, data, at).op;
}

/** Inserts a new shipment (version 1). */
export const insertShipment = (s: Shipment): WriteOp => ({ op: 'insert', collection: SHIPMENTS, doc: s as ShipmentDoc });

/** Changes a shipment only if nobody did since it was read. */
export const updateShipment = (s: Shipment, set: Partial<Shipment>, unset: (keyof Shipment)[] = []): WriteOp => ({
  op: 'update',
  collection: SHIPMENTS,
  id: s.id,
  change: { $set: set, ...(unset.length ? { $unset: unset as string[] } : {}) },
  expectVersion: s.version ?? 1,
});

/** The guard row of `orderId`, moved to `state` only from one of `from` (op of a unit). */
export function guardOp(
  orderId: string,
  state: FulfilmentGuard['state'],
  from: FulfilmentGuard['state'][],
  now: number,
): WriteOp {
  const where: Filter = { state: from.length === 1 ? from[0] : { $in: from } };
  return { op: 'update', collection: GUARDS, id: orderId, change: { $set: { state, updatedAt: now } }, where };
}
/** Changes nothing but holds only while the guard is in one of `from` (a label bought after a cancel is not kept). */
export const guardHolds = (orderId: string, from: FulfilmentGuard['state'][], now: number): WriteOp => ({
  op: 'update',
  collection: GUARDS,
  id: orderId,
  change: { $set: { updatedAt: now } },
  where: { state: { $in: from } },
});
export const insertGuard = (orderId: string, state: FulfilmentGuard['state'], now: number): WriteOp => ({
  op: 'insert',
  collection: GUARDS,
  doc: { id: orderId, state, updatedAt: now },
});

/** The new pending shipment holding what a partial ship left: same order, warehouse and carrier, no label. */
export function remainderOf(s: Shipment, id: string, lines: ShipmentLine[], now: number): Shipment {
  const { orderId, userId, warehouse, carrier, serviceLevel, methodId } = s;
  const base = { id, orderId, userId, warehouse, lines, carrier, serviceLevel, status: 'pending' as const, events: [] };
  return { ...base, ...(methodId ? { methodId } : {}), parentId: s.id, createdAt: now, updatedAt: now };
}

/** The domain's split, its refusal a 422 naming the field (`lines[1].quantity`). */
export function splitLines(s: Shipment, lines: ShipmentLine[] | undefined, nextChildIndex: number) {
  try {
    return splitForShipping(s, lines, nextChildIndex);
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    throw invalid('shipment lines', [{ field: String(err.data.field ?? 'lines'), message: err.message }]);
  }
}

/** Same SKUs with the same quantities, in any order. */
export function sameLines(a: ShipmentLine[], b: ShipmentLine[]): boolean {
  const key = (lines: ShipmentLine[]) =>
    lines
      .filter((l) => l.quantity > 0)
      .map((l) => `${l.sku}\u0000${l.quantity}`)
      .sort()
      .join('\u0001');
  return key(a) === key(b);
}

const conflict = (message: string, type: string, data: Record<string, unknown>) =>
  new Errors.MoleculerClientError(message, 409, type, data);

export const alreadyShipped = (orderId: string) =>
  conflict('The order has shipments handed to the carrier; it can be returned, not cancelled', 'ORDER_ALREADY_SHIPPED', {
    orderId,
  });
export const orderCancelled = (orderId: string) =>
  conflict('The order was cancelled: its shipments are not handed to a carrier', 'ORDER_CANCELLED', { orderId });
export const wrongStatus = (s: Shipment, type: string) =>
  conflict(`Shipment ${s.id} is ${s.status}`, type, { shipmentId: s.id, status: s.status });
export const tooBusy = () =>
  new Errors.MoleculerRetryableError('The shipment changed under us too often; try again', 503, 'SHIPMENT_BUSY');
export const notFoundShipment = () => new Errors.MoleculerClientError('Shipment not found', 404, 'NOT_FOUND');
