import type { ServiceLevel } from '../shipping.contract';
import type { Shipment, ShipmentLine } from '../shipments.contract';

/**
 * Return parcels and exchange shipments (pure). A return's parcel has one id per return, so a
 * retried label request finds the first; it goes back by the carrier and to the warehouse that
 * sent most of the returned units, unless the caller names a warehouse.
 */

export const returnShipmentId = (returnId: string) => `ret-${returnId}`;

/** Outbound shipments only: neither return parcels nor cancelled ones say where goods came from. */
export const sentShipments = <S extends Pick<Shipment, 'kind' | 'status'>>(rows: S[]): S[] =>
  rows.filter((s) => s.kind !== 'return' && s.status !== 'cancelled');

export interface ReturnOrigin {
  warehouse: string | null;
  carrier: string | null;
  serviceLevel: ServiceLevel;
}

/**
 * Where the returned `lines` came from: the order's sent shipment holding most of them (units
 * counted up to what each line returns; ties to the lowest id). `warehouse` overrides the
 * warehouse only. Nothing sent and no warehouse named: `warehouse` null (the caller must name one).
 */
export function returnOrigin(
  sent: Pick<Shipment, 'id' | 'warehouse' | 'lines' | 'carrier' | 'serviceLevel'>[],
  lines: readonly ShipmentLine[],
  warehouse?: string,
): ReturnOrigin {
  const wanted = new Map(lines.map((l) => [l.sku, l.quantity]));
  const score = (s: (typeof sent)[number]) => s.lines.reduce((sum, l) => sum + Math.min(l.quantity, wanted.get(l.sku) ?? 0), 0);
  const best = [...sent].sort((a, b) => score(b) - score(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  return {
    warehouse: warehouse ?? best?.warehouse ?? null,
    carrier: best?.carrier ?? null,
    serviceLevel: best?.serviceLevel ?? 'standard',
  };
}

/** The exchange's id back to its return: `x-${returnId}` (sagas/return exchangeId), or the id itself. */
export const returnOfExchange = (exchangeId: string) => exchangeId.replace(/^x-/, '');
