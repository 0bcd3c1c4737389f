import { ConditionFailedError } from '../../mixins/store/store.errors';
import type { Store, WriteOp } from '../../mixins/store/store.types';
import type { ShipmentDraft } from './domain/plan';
import { lostRace, opIndexOf, RACE_ATTEMPTS } from './shipping.races';
import type { CarrierProvider, Shipment, ShipmentLine } from './shipments.contract';
import { SHIPPED_STATUSES } from './shipments.contract';
import {
  ShipmentRows,
  guardHolds,
  guardOp,
  insertGuard,
  insertShipment,
  notFoundShipment,
  orderCancelled,
  remainderOf,
  sameLines,
  shipmentEventOp,
  splitLines,
  tooBusy,
  updateShipment,
  wrongStatus,
} from './shipping.shipments.ops';

/** What a label purchase needs beyond the shipment: the order's address and the parcel's weight. */
export interface LabelInput {
  weightG: number;
  to: { name: string; line1: string; city: string; postalCode: string; country: string };
}
export interface LifecycleDeps {
  store: Store;
  carrier(id: string): CarrierProvider;
  labelInput(s: Shipment): Promise<LabelInput>;
  /** Runs after a unit that wrote outbox rows (the service flushes its outbox). */
  published(): void;
}
export interface ShipAnswer {
  shipment: Shipment;
  /** The pending shipment the units not shipped moved to, when fewer were shipped than held. */
  remainder: Shipment | null;
}

/**
 * Shipments from creation to the carrier, engine-blind: every change is one atomic unit of the
 * shipment(s), their outbox rows and a conditional write on the order's fulfilment guard, so a
 * ship and a cancel of the same order can never both happen (the guard row serialises them).
 */
export class ShipmentLifecycle extends ShipmentRows<LifecycleDeps> {
  async get(id: string): Promise<Shipment> {
    const s = await this.shipments.get(id);
    if (!s) throw notFoundShipment();
    return s;
  }

  forOrder(orderId: string): Promise<Shipment[]> {
    return this.shipments.find({ filter: { orderId }, sort: ['createdAt', 'id'] });
  }

  /**
   * The order's planned shipments with their `shipment.created` rows and the guard `open`, in one
   * unit; ids are `${orderId}:${warehouse}`, so a second creation (re-delivery, a racing consumer)
   * clashes and finds the first's. Nothing when the guard says `cancelled` (cancelled first).
   */
  async create(orderId: string, plan: () => Promise<ShipmentDraft[]>): Promise<{ shipments: Shipment[]; skipped: boolean }> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const guard = await this.guards.get(orderId);
      if (guard?.state === 'cancelled') return { shipments: [], skipped: true };
      const existing = new Set((await this.forOrder(orderId)).map((s) => s.id));
      const missing = guard?.state === 'shipping' ? [] : (await plan()).filter((s) => !existing.has(s.id));
      if (!missing.length) return { shipments: await this.forOrder(orderId), skipped: false };
      const now = Date.now();
      const ops: WriteOp[] = [guard ? guardHolds(orderId, ['open'], now) : insertGuard(orderId, 'open', now)];
      for (const draft of missing) {
        const s: Shipment = { ...draft, createdAt: now, updatedAt: now };
        ops.push(insertShipment(s), shipmentEventOp('shipment.created', s, 1, now));
      }
      try {
        await this.deps.store.atomic(ops);
        this.deps.published();
        return { shipments: await this.forOrder(orderId), skipped: false };
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
    throw tooBusy();
  }

  /** Buys the shipment's label from its carrier; a shipment with a label answers it again. */
  async label(id: string): Promise<Shipment> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const s = await this.get(id);
      if (s.label) return s;
      if (s.status !== 'pending') throw wrongStatus(s, s.status === 'cancelled' ? 'SHIPMENT_CANCELLED' : 'SHIPMENT_NOT_PENDING');
      const guard = await this.guards.get(s.orderId);
      if (guard?.state === 'cancelled') throw orderCancelled(s.orderId);
      const carrier = this.deps.carrier(s.carrier);
      const input = await this.deps.labelInput(s);
      const bought = await carrier.createLabel({ shipmentId: s.id, serviceLevel: s.serviceLevel, ...input });
      const now = Date.now();
      const set = {
        status: 'label_purchased' as const,
        trackingNumber: bought.trackingNumber,
        trackingUrl: bought.trackingUrl,
        label: { ...bought.label, purchasedAt: now },
        updatedAt: now,
      };
      const next: Shipment = { ...s, ...set, version: (s.version ?? 1) + 1 };
      // The guard condition: a label bought after the order's cancel is not kept.
      const ops = [guardHolds(s.orderId, ['open', 'shipping'], now), updateShipment(s, set)];
      try {
        await this.deps.store.atomic([...ops, shipmentEventOp('shipment.label-purchased', next, next.version!, now)]);
        this.deps.published();
        return next;
      } catch (err) {
        if (!lostRace(err)) throw err;
        const kept = await this.shipments.get(id);
        if (kept?.label?.carrierRef !== bought.label.carrierRef)
          await carrier.cancelLabel({ carrierRef: bought.label.carrierRef, trackingNumber: bought.trackingNumber });
        if (err instanceof ConditionFailedError && opIndexOf(err) === 0) throw orderCancelled(s.orderId);
      }
    }
    throw tooBusy();
  }

  /**
   * Hands the shipment (or `lines` of it) to the carrier, buying the label first when missing. The
   * unit's first op moves the guard `open|shipping → shipping`: refused once the order is cancelled.
   * Fewer units than held: the shipped ones stay here and the rest move to a new pending shipment
   * in the same unit. A shipment already handed over answers as it is when asked for what it holds
   * (a retry), and 409 SHIPMENT_ALREADY_SHIPPED naming its status when asked for other lines.
   */
  async ship(id: string, lines?: ShipmentLine[]): Promise<ShipAnswer> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      let s = await this.get(id);
      if (SHIPPED_STATUSES.includes(s.status)) {
        if (!lines || sameLines(lines, s.lines)) return this.answer(s);
        throw wrongStatus(s, 'SHIPMENT_ALREADY_SHIPPED');
      }
      if (s.status === 'cancelled') throw wrongStatus(s, 'SHIPMENT_CANCELLED');
      // The original shipment and its remainders share order and warehouse: the count numbers the next one.
      const split = splitLines(s, lines, await this.shipments.count({ filter: { orderId: s.orderId, warehouse: s.warehouse } }));
      if (!s.label) {
        s = await this.label(id);
        if (s.status !== 'label_purchased') continue;
      }
      const now = Date.now();
      const handedOver = {
        id: `${s.carrier}:${s.trackingNumber}:handed-over`,
        status: 'in_transit' as const,
        at: now,
        rawCode: 'handed-over',
      };
      const set = {
        status: 'in_transit' as const,
        lines: split.shipped,
        shippedAt: now,
        updatedAt: now,
        events: [...s.events, handedOver],
      };
      const shipped: Shipment = { ...s, ...set, version: (s.version ?? 1) + 1 };
      const ops: WriteOp[] = [
        guardOp(s.orderId, 'shipping', ['open', 'shipping'], now),
        updateShipment(s, set),
        shipmentEventOp('shipment.shipped', shipped, shipped.version!, now),
      ];
      const remainder = split.remainder ? remainderOf(s, split.remainderId!, split.remainder, now) : null;
      if (remainder) ops.push(insertShipment(remainder), shipmentEventOp('shipment.created', remainder, 1, now));
      try {
        await this.deps.store.atomic(ops);
        this.deps.published();
        return { shipment: shipped, remainder: remainder && { ...remainder, version: 1 } };
      } catch (err) {
        if (!lostRace(err)) throw err;
        if (err instanceof ConditionFailedError && opIndexOf(err) === 0) {
          const guard = await this.guards.get(s.orderId);
          if (guard?.state === 'cancelled') throw orderCancelled(s.orderId);
        }
      }
    }
    throw tooBusy();
  }

  private async answer(s: Shipment): Promise<ShipAnswer> {
    const [remainder] = await this.shipments.find({ filter: { parentId: s.id }, limit: 1 });
    return { shipment: s, remainder: remainder ?? null };
  }
}
