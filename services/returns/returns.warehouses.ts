import type { Reservation, SkuLevels, StockRecord } from '../inventory/inventory.contract';
import type { ExportPage } from '../search/search.contract';
import type { ReturnPolicy } from './returns.contract';
import { invalid } from './returns.errors';
import { AS_PLATFORM, type ReturnsThis } from './returns.methods';
import type { ReturnDoc } from './returns.ops';

type SkuQuantity = { sku: string; quantity: number };

/**
 * Where a receipt's units go must be a warehouse inventory keeps stock in (inventory.returnUnits'
 * own rule: it holds a stock row of any SKU), checked at the receive call (422 naming `warehouse`)
 * rather than found out inside the saga. Inventory has no list of warehouses: the receipt's SKUs'
 * levels answer the usual case at once; only a warehouse new to them (or a typo) pages through its
 * stock export, which an admin's receive can afford.
 */
export async function assertKnownWarehouse(svc: ReturnsThis, warehouse: string, skus: string[]): Promise<void> {
  const levels = await Promise.all(
    [...new Set(skus)].map((sku) => svc.broker.call<SkuLevels, { sku: string }>('inventory.levels', { sku }, AS_PLATFORM)),
  );
  if (levels.some((l) => l.warehouses.some((w) => w.warehouse === warehouse))) return;
  if (await anyStockIn(svc, warehouse)) return;
  throw invalid('receipt', [{ field: 'warehouse', code: 'UNKNOWN_WAREHOUSE', message: `inventory keeps no stock in warehouse ${warehouse}` }]);
}

async function anyStockIn(svc: ReturnsThis, warehouse: string): Promise<boolean> {
  let after: string | null = null;
  do {
    const page: ExportPage<StockRecord> = await svc.broker.call('inventory.export', { limit: 1_000, ...(after ? { after } : {}) }, AS_PLATFORM);
    if (page.rows.some((r) => r.warehouse === warehouse)) return true;
    after = page.next;
  } while (after);
  return false;
}

/**
 * Where the return parcel goes, for shipping's return label: the policy's return warehouse when
 * the admin set one (a central returns desk); otherwise the warehouse the order's reservation took
 * most of the returned units from (an order delivered before shipments were tracked has no
 * outbound shipment for shipping to find one from); none when neither is known.
 */
export async function returnWarehouse(svc: ReturnsThis, doc: ReturnDoc, policy: Pick<ReturnPolicy, 'returnWarehouse'>): Promise<string | undefined> {
  if (policy.returnWarehouse) return policy.returnWarehouse;
  const reservation = await svc.broker
    .call<Reservation, { orderId: string }>('inventory.getReservation', { orderId: doc.orderId }, AS_PLATFORM)
    .catch((err: { code?: number }) => {
      if (err.code === 404) return null;
      throw err;
    });
  return reservation ? mostUnits(reservation, doc.lines) : undefined;
}

/** The warehouse holding most of `lines`' units in the reservation (ties: the first by name). */
function mostUnits(reservation: Reservation, lines: SkuQuantity[]): string | undefined {
  const wanted = new Map(lines.map((l) => [l.sku, l.quantity]));
  const per = new Map<string, number>();
  for (const line of reservation.lines)
    for (const a of line.allocations) per.set(a.warehouse, (per.get(a.warehouse) ?? 0) + Math.min(a.quantity, wanted.get(line.sku) ?? 0));
  return [...per].sort(([a, n], [b, m]) => m - n || a.localeCompare(b)).find(([, n]) => n > 0)?.[0];
}
