import { SHIPPED_STATUSES } from '../../services/shipping/shipments.contract';
import { ENDED, PAID, type OrderRow, type ReservationRow, type ShipmentRow, type Violation } from './audit.types';

/**
 * Shipments against the orders and the stock they ship. Pure functions over rows as stored.
 *
 * Shipments are made by the shipping service when it hears an order's CONFIRMED event, so a
 * confirmed order without any shipment yet is an event in flight, not a fault, until `dueMs`
 * after the order last changed. Shipments are created, split and cancelled in one unit each, so an
 * order with shipments that do not cover it exactly is judged at once.
 *
 * A return's parcel (`kind: return`) comes back from the customer and covers or ships nothing of
 * its order. An exchange's shipments (`exchangeFor`) carry the exchange's id as orderId: they
 * ship its own reservation (judged by shipped-is-committed), and their source order must exist.
 */
const isReturn = (s: ShipmentRow) => s.kind === 'return';

function sumBy<T>(rows: T[], key: (row: T) => string, units: (row: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + units(r));
  return out;
}

const said = (m: Map<string, number>) =>
  [...m]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}:${n}`)
    .join(',') || 'nothing';

function byOrder(shipments: ShipmentRow[]): Map<string, ShipmentRow[]> {
  const out = new Map<string, ShipmentRow[]>();
  for (const s of shipments) out.set(s.orderId, [...(out.get(s.orderId) ?? []), s]);
  return out;
}

/**
 * `shipments-cover-orders`: a confirmed (partially shipped, shipped, delivered) order's live
 * shipments hold exactly its items per SKU; an ended order has none live; no shipment names an
 * order that does not exist. Orders a saga is still working on are not judged.
 */
export function uncoveredOrders(
  orders: OrderRow[],
  shipments: ShipmentRow[],
  inTransit: Set<string>,
  now: number,
  dueMs: number,
): Violation[] {
  const live = byOrder(shipments.filter((s) => s.status !== 'cancelled' && !isReturn(s) && !s.exchangeFor));
  const known = new Set(orders.map((o) => o.id));
  const out: Violation[] = [];
  const report = (subject: string, detail: string) => out.push({ invariant: 'shipments-cover-orders', subject, detail });
  for (const o of orders.filter((x) => !inTransit.has(x.id))) {
    const mine = live.get(o.id) ?? [];
    if (ENDED.includes(o.status) && mine.length)
      report(o.id, `${o.status} with shipments still live: ${mine.map((s) => `${s.id} ${s.status}`).join(', ')}`);
    if (!PAID.includes(o.status) || !o.items) continue;
    if (!mine.length) {
      if (now - (o.updatedAt ?? 0) > dueMs) report(o.id, `${o.status} without shipments`);
      continue;
    }
    const held = sumBy(
      mine.flatMap((s) => s.lines),
      (l) => l.sku,
      (l) => l.quantity,
    );
    const ordered = sumBy(
      o.items,
      (i) => i.sku,
      (i) => i.quantity,
    );
    if (said(held) !== said(ordered))
      report(o.id, `${o.status}: shipments hold ${said(held)}, ordered ${said(ordered)} (${mine.map((s) => s.id).join(', ')})`);
  }
  for (const s of shipments.filter((x) => !known.has(x.sourceOrderId ?? x.orderId)))
    report(s.id, `shipment ${s.status} for order ${s.sourceOrderId ?? s.orderId}, which does not exist`);
  return out;
}

/**
 * `shipped-is-committed`: what an order's shipments handed to a carrier, per SKU and warehouse,
 * is within what its reservation committed (sold) from that warehouse.
 */
export function uncommittedShipped(shipments: ShipmentRow[], reservations: ReservationRow[]): Violation[] {
  const reservation = new Map(reservations.map((r) => [r.id, r]));
  const out: Violation[] = [];
  for (const [orderId, shipped] of byOrder(shipments.filter((s) => !isReturn(s) && SHIPPED_STATUSES.includes(s.status)))) {
    const r = reservation.get(orderId);
    const ids = shipped.map((s) => s.id).join(', ');
    if (r?.status !== 'committed') {
      out.push({
        invariant: 'shipped-is-committed',
        subject: orderId,
        detail: `shipped by ${ids}, reservation ${r?.status ?? 'missing'}`,
      });
      continue;
    }
    const committed = sumBy(
      r.lines.flatMap((l) => l.allocations.map((a) => ({ key: `${l.sku}@${a.warehouse}`, quantity: a.quantity }))),
      (a) => a.key,
      (a) => a.quantity,
    );
    const sent = sumBy(
      shipped.flatMap((s) => s.lines.map((l) => ({ key: `${l.sku}@${s.warehouse}`, quantity: l.quantity }))),
      (a) => a.key,
      (a) => a.quantity,
    );
    const over = [...sent].filter(([key, n]) => n > (committed.get(key) ?? 0));
    if (over.length)
      out.push({
        invariant: 'shipped-is-committed',
        subject: orderId,
        detail: `shipped ${over.map(([k, n]) => `${k}:${n} (committed ${committed.get(k) ?? 0})`).join(', ')} by ${ids}`,
      });
  }
  return out;
}
