import type { Shipment, ShipmentStatus, TrackingEvent } from '../shipments.contract';

/**
 * Progress order of a shipment. A failed attempt is later than out-for-delivery (the courier was
 * at the door) and earlier than delivered (the next attempt). Returned-to-sender is the carrier's
 * last word after attempts failed. Cancelled is set only by the cancel path, never by tracking.
 */
export const STATUS_RANK: Record<ShipmentStatus, number> = {
  pending: 0,
  label_purchased: 1,
  in_transit: 2,
  out_for_delivery: 3,
  failed_attempt: 4,
  delivered: 5,
  returned_to_sender: 6,
  cancelled: 7,
};

/** No tracking event moves a shipment out of these. */
export const TERMINAL_STATUSES: readonly ShipmentStatus[] = ['delivered', 'returned_to_sender', 'cancelled'];

export const isTerminal = (s: ShipmentStatus) => TERMINAL_STATUSES.includes(s);
/** Handing to the carrier (and buying the label) is possible until it has been handed over or cancelled. */
export const canShip = (s: ShipmentStatus) => s === 'pending' || s === 'label_purchased';
/** Cancelling is possible only before the carrier has it. */
export const canCancel = (s: ShipmentStatus) => s === 'pending' || s === 'label_purchased';

export interface TrackingResult {
  /** Old and new entries, deduplicated by id, oldest first (ties by id). */
  events: TrackingEvent[];
  status: ShipmentStatus;
  /** The time of the entry that set the new status (when `statusChanged`). */
  statusAt?: number;
  statusChanged: boolean;
  /** Anything to write: a new entry or a new status. A pure replay is false. */
  changed: boolean;
}

const byTime = (a: TrackingEvent, b: TrackingEvent) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Folds carrier tracking into a shipment. Every new entry joins the timeline; the status only
 * moves up the rank (a late `in_transit` after `delivered` is kept as history, never applied),
 * stops at a terminal status, and is never set to `cancelled` by a carrier. `statusMay: false`
 * keeps the status where it is (a first scan of a parcel whose order was cancelled meanwhile:
 * the cancel owns it, and the scan is still history worth keeping).
 */
export function applyTracking(
  shipment: Pick<Shipment, 'status' | 'events'>,
  incoming: readonly TrackingEvent[],
  statusMay: { move: boolean } = { move: true },
): TrackingResult {
  const seen = new Set(shipment.events.map((e) => e.id));
  const fresh: TrackingEvent[] = [];
  for (const e of incoming) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    fresh.push(e);
  }
  fresh.sort(byTime);
  let status = shipment.status;
  let statusAt: number | undefined;
  for (const e of fresh) {
    if (isTerminal(status) || !statusMay.move) break;
    if (e.status !== 'cancelled' && STATUS_RANK[e.status] > STATUS_RANK[status]) [status, statusAt] = [e.status, e.at];
  }
  const statusChanged = status !== shipment.status;
  return {
    events: fresh.length ? [...shipment.events, ...fresh].sort(byTime) : [...shipment.events],
    status,
    ...(statusChanged ? { statusAt } : {}),
    statusChanged,
    changed: fresh.length > 0 || statusChanged,
  };
}
