import type { ReservationLine } from '../inventory/inventory.contract';
import { RuleError } from '../../mixins/validation/rule-error';
import { canCancel } from './domain/shipment-status';
import { planShipments } from './domain/plan';
import { returnOfExchange, returnOrigin, returnShipmentId, sentShipments } from './domain/returns';
import { SANDBOX } from './carriers/sandbox.carrier';
import type { Shipment, ShipmentLine } from './shipments.contract';
import type { OrderShipping } from './shipping.contract';
import type { FulfilmentCancel } from './shipping.cancel';
import { invalid } from './shipping.errors';
import { lostRace, RACE_ATTEMPTS } from './shipping.races';
import type { LifecycleDeps, ShipmentLifecycle } from './shipping.shipments';
import {
  insertShipment,
  notFoundShipment,
  SHIPMENTS,
  shipmentEventOp,
  tooBusy,
  wrongStatus,
  type ShipmentDoc,
} from './shipping.shipments.ops';

export interface ReturnLabelParams {
  returnId: string;
  orderId: string;
  userId: string;
  warehouse?: string;
  lines: ShipmentLine[];
}
export interface ExchangeParams {
  /** The exchange's id (`x-${returnId}`): its reservation's, its shipments' orderId and id prefix. */
  id: string;
  /** The original order: its customer's address and its carrier. */
  orderId: string;
  userId: string;
  returnId?: string;
  allocations: Pick<ReservationLine, 'sku' | 'quantity' | 'allocations'>[];
}
/** Where an exchange ships by: the original order's shipping choice (sandbox standard when it made none). */
export type ShippingChoice = Pick<OrderShipping, 'carrier' | 'serviceLevel' | 'methodId'> | undefined;

export interface ReturnDeps extends LifecycleDeps {
  lifecycle: ShipmentLifecycle;
  cancel: FulfilmentCancel;
  orderShipping(orderId: string): Promise<ShippingChoice>;
}

/**
 * Return parcels (`kind: return`, id `ret-${returnId}`): created with their label from the carrier
 * (`direction: return`) in one unit with `shipment.label-purchased`, tracked by the same webhooks,
 * cancelled before the carrier has them. Exchange shipments: outbound, under the exchange's own id.
 */
export class ReturnShipments {
  constructor(private readonly deps: ReturnDeps) {}

  private get shipments() {
    return this.deps.store.collection<ShipmentDoc>(SHIPMENTS);
  }

  /** Idempotent: the return's parcel as the first call made it; a cancelled one is 409 SHIPMENT_CANCELLED. */
  async createLabel(p: ReturnLabelParams): Promise<Shipment> {
    const id = returnShipmentId(p.returnId);
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const existing = await this.shipments.get(id);
      if (existing?.status === 'cancelled') throw wrongStatus(existing, 'SHIPMENT_CANCELLED');
      if (existing) return existing;
      const sent = sentShipments(await this.deps.lifecycle.forOrder(p.orderId));
      const origin = returnOrigin(sent, p.lines, p.warehouse);
      if (!origin.warehouse)
        throw invalid('return label', [{ field: 'warehouse', message: 'the order has no shipment to return to: name one' }]);
      const now = Date.now();
      const draft: Shipment = {
        id,
        orderId: p.orderId,
        userId: p.userId,
        kind: 'return',
        warehouse: origin.warehouse,
        lines: p.lines.map(({ sku, quantity }) => ({ sku, quantity })),
        carrier: origin.carrier ?? SANDBOX,
        serviceLevel: origin.serviceLevel,
        status: 'pending',
        events: [],
        createdAt: now,
        updatedAt: now,
      };
      const carrier = this.deps.carrier(draft.carrier);
      const input = await this.deps.labelInput(draft);
      const bought = await carrier.createLabel({
        shipmentId: id,
        serviceLevel: draft.serviceLevel,
        ...input,
        direction: 'return',
      });
      const s: Shipment = {
        ...draft,
        status: 'label_purchased',
        trackingNumber: bought.trackingNumber,
        trackingUrl: bought.trackingUrl,
        label: { ...bought.label, purchasedAt: now },
      };
      try {
        await this.deps.store.atomic([insertShipment(s), shipmentEventOp('shipment.label-purchased', s, 1, now)]);
        this.deps.published();
        return { ...s, version: 1 };
      } catch (err) {
        if (!lostRace(err)) throw err;
        // A concurrent request stored its parcel first: ours is not kept, so its label is not paid for.
        const kept = await this.shipments.get(id);
        if (kept?.label?.carrierRef !== bought.label.carrierRef)
          await carrier.cancelLabel({ carrierRef: bought.label.carrierRef, trackingNumber: bought.trackingNumber });
      }
    }
    throw tooBusy();
  }

  /** Idempotent: cancelled (now or before); 409 SHIPMENT_ALREADY_SHIPPED once the carrier has the parcel. */
  async cancelLabel(returnId: string): Promise<Shipment> {
    const id = returnShipmentId(returnId);
    const s = await this.shipments.get(id);
    if (!s) throw notFoundShipment();
    if (s.status !== 'cancelled' && canCancel(s.status)) await this.deps.cancel.cancelOne(id, 'return label cancelled');
    const after = await this.deps.lifecycle.get(id);
    if (after.status !== 'cancelled') throw wrongStatus(after, 'SHIPMENT_ALREADY_SHIPPED');
    return after;
  }

  /**
   * One pending shipment per warehouse the exchange's reservation took the new items from (ids
   * `${id}:${warehouse}`), through the same creation as an order's (a repeat finds the first).
   */
  async createExchange(p: ExchangeParams): Promise<Shipment[]> {
    const { shipments } = await this.deps.lifecycle.create(p.id, async () => {
      const shipping = await this.deps.orderShipping(p.orderId);
      const drafts = plan(p, shipping);
      const exchangeFor = p.returnId ?? returnOfExchange(p.id);
      return drafts.map((d) => ({ ...d, exchangeFor, sourceOrderId: p.orderId }));
    });
    return shipments;
  }
}

/** The exchange's plan; allocations that do not cover their own lines are 422 naming `allocations`. */
function plan(p: ExchangeParams, shipping: ShippingChoice) {
  try {
    return planShipments({
      orderId: p.id,
      userId: p.userId,
      items: p.allocations.map(({ sku, quantity }) => ({ sku, quantity })),
      allocations: p.allocations,
      carrier: shipping?.carrier ?? SANDBOX,
      serviceLevel: shipping?.serviceLevel ?? 'standard',
      ...(shipping?.methodId ? { methodId: shipping.methodId } : {}),
    });
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    throw invalid('exchange allocations', [{ field: 'allocations', message: err.message }]);
  }
}
