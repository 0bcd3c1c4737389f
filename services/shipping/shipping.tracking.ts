import { Errors } from 'moleculer';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Doc, Store, WriteOp } from '../../mixins/store/store.types';
import { applyTracking } from './domain/shipment-status';
import { publishedFor } from './domain/tracking-moves';
import {
  SHIPPED_STATUSES,
  type Shipment,
  type ShipmentStatus,
  type TrackingEvent,
  type WebhookParse,
} from './shipments.contract';
import { lostRace, RACE_ATTEMPTS, opIndexOf } from './shipping.races';
import { guardOp, insertGuard, shipmentEventOp, ShipmentRows, tooBusy, updateShipment } from './shipping.shipments.ops';

/**
 * A carrier's tracking webhook applied to its shipment as ONE atomic unit: the receipt row (id
 * `${carrier}:${event id}`, unique, so a replay clashes on it and changes nothing), the shipment's
 * timeline and status (against the version read), and the outbox rows its status move publishes.
 * An entry that arrives late goes on the timeline without lowering the status (applyTracking).
 * A first scan (not handed over here yet) is a hand-over: the unit also moves the order's guard
 * to `shipping`, as the ship route does, so a scan and the cancel saga never both win; once the
 * cancel closed the guard, the scan joins the timeline and the cancel stops the shipment.
 */
export const RECEIPTS = 'tracking_receipts';

export interface TrackingDeps {
  store: Store;
  /** Runs after a unit that wrote outbox rows (the service flushes its outbox). */
  published(): void;
}
export interface TrackingAnswer {
  received: true;
  duplicate: boolean;
  status: ShipmentStatus;
}
type Parsed = Extract<WebhookParse, { ok: true }>;

export const unknownTracking = () =>
  new Errors.MoleculerClientError('No shipment has this tracking number', 404, 'NOT_FOUND', { field: 'trackingNumber' });

/** The timeline entry's id: the same report (carrier, number, raw code, time) is one entry however often it comes. */
export const entryId = (carrier: string, trackingNumber: string, e: Omit<TrackingEvent, 'id'>) =>
  `${carrier}:${trackingNumber}:${e.rawCode}:${e.at}`;

const handedOver = (s: ShipmentStatus) => SHIPPED_STATUSES.includes(s);

export class TrackingBook extends ShipmentRows<TrackingDeps> {
  async apply(carrier: string, eventId: string, parsed: Parsed): Promise<TrackingAnswer> {
    const { trackingNumber } = parsed;
    const receiptId = `${carrier}:${eventId}`;
    const incoming = parsed.events.map((e) => ({ id: entryId(carrier, trackingNumber, e), ...e }));
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      // A quick answer for a replay; the unit's unique receipt is what guarantees it.
      const seen = await this.deps.store.collection<Doc & { shipmentId: string }>(RECEIPTS).get(receiptId);
      if (seen) return this.duplicate(seen.shipmentId);
      const [s] = await this.shipments.find({ filter: { trackingNumber, carrier }, limit: 1 });
      if (!s) throw unknownTracking();
      const now = Date.now();
      const receipt: WriteOp = {
        op: 'insert',
        collection: RECEIPTS,
        doc: { id: receiptId, carrier, shipmentId: s.id, trackingNumber, receivedAt: now },
      };
      let { ops, status } = this.change(s, incoming, now);
      if (!handedOver(s.status) && handedOver(status)) {
        const guard = await this.guards.get(s.orderId);
        if (guard?.state === 'cancelled') ({ ops, status } = this.change(s, incoming, now, false));
        else
          ops.unshift(
            guard ? guardOp(s.orderId, 'shipping', ['open', 'shipping'], now) : insertGuard(s.orderId, 'shipping', now),
          );
      }
      try {
        await this.deps.store.atomic([receipt, ...ops]);
      } catch (err) {
        if (err instanceof UniqueConflictError && opIndexOf(err) === 0) return this.duplicate(s.id);
        if (lostRace(err)) continue;
        throw err;
      }
      if (status !== s.status) this.deps.published();
      return { received: true, duplicate: false, status };
    }
    throw tooBusy();
  }

  /** Seen before: answered with the status now, read after the receipt, so never older than the first delivery left it. */
  private async duplicate(shipmentId: string): Promise<TrackingAnswer> {
    const s = await this.shipments.get(shipmentId);
    if (!s) throw unknownTracking();
    return { received: true, duplicate: true, status: s.status };
  }

  /** The shipment's update and its outbox rows (a status move publishes); none when every entry is on the timeline already. */
  private change(s: Shipment, incoming: TrackingEvent[], now: number, move = true): { ops: WriteOp[]; status: ShipmentStatus } {
    const applied = applyTracking(s, incoming, { move });
    if (!applied.changed) return { ops: [], status: s.status };
    const set: Partial<Shipment> = { events: applied.events, status: applied.status, updatedAt: now };
    const at = applied.statusAt ?? now;
    if (applied.statusChanged && applied.status === 'delivered') set.deliveredAt = at;
    if (applied.statusChanged && !s.shippedAt) set.shippedAt = at;
    const next: Shipment = { ...s, ...set, version: (s.version ?? 1) + 1 };
    const ops = [updateShipment(s, set)];
    const why = applied.events.find((e) => e.status === applied.status && e.at === at);
    for (const name of publishedFor(s.status, applied.status, !!s.shippedAt))
      ops.push(shipmentEventOp(name, next, next.version!, now, why?.rawCode, why?.description));
    return { ops, status: applied.status };
  }
}
