import { RuleError } from '../../../mixins/validation/rule-error';
import type { ReservationLine } from '../../inventory/inventory.contract';
import type { ServiceLevel } from '../shipping.contract';
import type { Shipment, ShipmentLine } from '../shipments.contract';

/** A shipment before it is stored (the service stamps the times and version). */
export type ShipmentDraft = Omit<Shipment, 'createdAt' | 'updatedAt' | 'version'>;

export interface PlanInput {
  orderId: string;
  userId: string;
  items: readonly ShipmentLine[];
  /** The order's reservation lines: where inventory took each SKU from. */
  allocations: readonly Pick<ReservationLine, 'sku' | 'allocations'>[];
  carrier: string;
  serviceLevel: ServiceLevel;
  methodId?: string;
}

export const shipmentId = (orderId: string, warehouse: string) => `${orderId}:${warehouse}`;

const sumBySku = (pairs: Iterable<[string, number]>) => {
  const m = new Map<string, number>();
  for (const [sku, q] of pairs) m.set(sku, (m.get(sku) ?? 0) + q);
  return m;
};
const bySku = (a: ShipmentLine, b: ShipmentLine) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/**
 * One pending shipment per warehouse the reservation allocated from, id `${orderId}:${warehouse}`
 * (so planning twice yields the same rows), lines summing exactly to the order's items per SKU.
 * Throws RuleError SHIPMENT_PLAN_MISMATCH naming the SKU when the allocation does not cover the
 * items exactly (a shipment must never hold less or more than was ordered and committed).
 */
export function planShipments(input: PlanInput): ShipmentDraft[] {
  const perWarehouse = new Map<string, Map<string, number>>();
  for (const line of input.allocations)
    for (const a of line.allocations) {
      if (!Number.isSafeInteger(a.quantity) || a.quantity < 0 || !a.warehouse)
        throw new RuleError('SHIPMENT_PLAN_MISMATCH', `Allocation of ${line.sku} is malformed`, { sku: line.sku, allocation: a });
      if (a.quantity === 0) continue;
      const lines = perWarehouse.get(a.warehouse) ?? new Map<string, number>();
      lines.set(line.sku, (lines.get(line.sku) ?? 0) + a.quantity);
      perWarehouse.set(a.warehouse, lines);
    }
  const ordered = sumBySku(input.items.map((i) => [i.sku, i.quantity]));
  const allocated = sumBySku([...perWarehouse.values()].flatMap((m) => [...m]));
  for (const sku of new Set([...ordered.keys(), ...allocated.keys()])) {
    const [o, a] = [ordered.get(sku) ?? 0, allocated.get(sku) ?? 0];
    if (o !== a)
      throw new RuleError('SHIPMENT_PLAN_MISMATCH', `The allocation holds ${a} of ${sku}, the order ${o}`, {
        sku,
        ordered: o,
        allocated: a,
      });
  }
  return [...perWarehouse.keys()].sort().map((warehouse) => ({
    id: shipmentId(input.orderId, warehouse),
    orderId: input.orderId,
    userId: input.userId,
    warehouse,
    lines: [...perWarehouse.get(warehouse)!].map(([sku, quantity]) => ({ sku, quantity })).sort(bySku),
    carrier: input.carrier,
    serviceLevel: input.serviceLevel,
    ...(input.methodId ? { methodId: input.methodId } : {}),
    status: 'pending',
    events: [],
  }));
}
