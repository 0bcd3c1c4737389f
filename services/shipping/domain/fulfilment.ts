import {
  SHIPPED_STATUSES,
  type FulfilmentStatus,
  type LineFulfilment,
  type ShipmentLine,
  type ShipmentStatus,
} from '../shipments.contract';

export interface FulfilmentAnswer {
  status: FulfilmentStatus;
  lines: LineFulfilment[];
}

/** Progress order: an order's fulfilment never goes down this list as its shipments advance. */
export const FULFILMENT_RANK: Record<FulfilmentStatus, number> = {
  UNFULFILLED: 0,
  PARTIALLY_SHIPPED: 1,
  SHIPPED: 2,
  DELIVERED: 3,
};

/**
 * Shipped and delivered quantities per order line, summed over every shipment that holds the SKU,
 * so one line split across shipments counts once per unit (Vendure #2324 did not). A shipment
 * handed to the carrier (SHIPPED_STATUSES) counts as shipped, `delivered` also as delivered;
 * `returned_to_sender` is shipped, never delivered. Items with the same SKU are one line.
 */
export function deriveFulfilment(
  items: readonly ShipmentLine[],
  shipments: readonly { status: ShipmentStatus; lines: readonly ShipmentLine[] }[],
): FulfilmentAnswer {
  const bySku = new Map<string, LineFulfilment>();
  for (const { sku, quantity } of items) {
    const line = bySku.get(sku) ?? { sku, ordered: 0, shipped: 0, delivered: 0 };
    line.ordered += quantity;
    bySku.set(sku, line);
  }
  for (const s of shipments) {
    if (!SHIPPED_STATUSES.includes(s.status)) continue;
    for (const { sku, quantity } of s.lines) {
      const line = bySku.get(sku);
      if (!line) continue;
      line.shipped += quantity;
      if (s.status === 'delivered') line.delivered += quantity;
    }
  }
  const lines = [...bySku.values()];
  const all = (done: (l: LineFulfilment) => boolean) => lines.length > 0 && lines.every(done);
  const status: FulfilmentStatus = all((l) => l.delivered >= l.ordered)
    ? 'DELIVERED'
    : all((l) => l.shipped >= l.ordered)
      ? 'SHIPPED'
      : lines.some((l) => l.shipped > 0)
        ? 'PARTIALLY_SHIPPED'
        : 'UNFULFILLED';
  return { status, lines };
}
