import { RuleError } from '../../../mixins/validation/rule-error';
import type { Shipment, ShipmentLine } from '../shipments.contract';

export interface ShipSplit {
  /** What stays on this shipment and is handed to the carrier. */
  shipped: ShipmentLine[];
  /** What moves into a new pending shipment, or null when everything ships. */
  remainder: ShipmentLine[] | null;
  /** `${original id}/${nextChildIndex}` when there is a remainder. */
  remainderId: string | null;
}

const invalid = (field: string, message: string) => new RuleError('SHIPMENT_LINES_INVALID', message, { field });

/** The shipment a chain of partial ships started from (`o1:east` for `o1:east/2`). */
export const originalShipmentId = (id: string) => id.split('/')[0];

/**
 * Partial shipping. A shipment's lines always share one status, so shipping fewer units than it
 * holds keeps the shipped part on this shipment and moves the rest into a new pending one,
 * numbered under the original shipment (`nextChildIndex`: one past the remainders it has), so a
 * parcel split a hundred times keeps an id short enough for the admin routes. No `requested`
 * ships everything. Throws RuleError SHIPMENT_LINES_INVALID with `data.field`
 * (`lines[1].quantity`) for an empty list, an SKU the shipment does not hold, an SKU named twice,
 * or a quantity that is not a whole number from 1 to what the shipment holds.
 */
export function splitForShipping(
  shipment: Pick<Shipment, 'id' | 'lines'>,
  requested: readonly ShipmentLine[] | undefined,
  nextChildIndex: number,
): ShipSplit {
  const held = new Map(shipment.lines.map((l) => [l.sku, l.quantity]));
  if (!requested) return { shipped: shipment.lines.map((l) => ({ ...l })), remainder: null, remainderId: null };
  if (!requested.length) throw invalid('lines', 'lines must name at least one item, or be left out to ship everything');
  const take = new Map<string, number>();
  requested.forEach((l, i) => {
    const has = held.get(l.sku);
    if (has === undefined) throw invalid(`lines[${i}].sku`, `${l.sku} is not in shipment ${shipment.id}`);
    if (take.has(l.sku)) throw invalid(`lines[${i}].sku`, `${l.sku} is named twice`);
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1 || l.quantity > has)
      throw invalid(`lines[${i}].quantity`, `must be a whole number from 1 to ${has}, the units of ${l.sku} this shipment holds`);
    take.set(l.sku, l.quantity);
  });
  const shipped: ShipmentLine[] = [];
  const rest: ShipmentLine[] = [];
  for (const { sku, quantity } of shipment.lines) {
    const q = take.get(sku) ?? 0;
    if (q) shipped.push({ sku, quantity: q });
    if (quantity > q) rest.push({ sku, quantity: quantity - q });
  }
  return rest.length
    ? { shipped, remainder: rest, remainderId: `${originalShipmentId(shipment.id)}/${nextChildIndex}` }
    : { shipped, remainder: null, remainderId: null };
}
