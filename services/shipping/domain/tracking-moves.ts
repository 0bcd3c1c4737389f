import type { ShipmentStatus } from '../shipments.contract';

export type TrackingEventName = 'shipment.shipped' | 'shipment.delivered' | 'shipment.exception';

/**
 * What a carrier-reported status move publishes: `shipment.shipped` when the carrier is the first
 * to report the parcel on its way (it was never handed over here), `shipment.delivered`, and
 * `shipment.exception` for a failed attempt or a return. Out for delivery alone publishes nothing
 * (no reader acts on it); a delivery never seen shipped publishes only `delivered`, which readers
 * count as shipped too.
 */
export function publishedFor(from: ShipmentStatus, to: ShipmentStatus, shippedBefore: boolean): TrackingEventName[] {
  if (from === to) return [];
  if (to === 'delivered') return ['shipment.delivered'];
  if (to === 'failed_attempt' || to === 'returned_to_sender') return ['shipment.exception'];
  if ((to === 'in_transit' || to === 'out_for_delivery') && !shippedBefore) return ['shipment.shipped'];
  return [];
}
