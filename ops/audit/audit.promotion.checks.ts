import {
  ENDED,
  PAID,
  type OrderRow,
  type PromotionRow,
  type SagaRow,
  type UsageCounterRow,
  type UsageDocRow,
  type Violation,
} from './audit.types';

/**
 * Promotion usage against the orders that carry it. Per promotion: every use committed belongs to
 * a confirmed (or shipped, delivered) order carrying that promotion, or to one cancelled since
 * whose promotion keeps its use (a cancel after a completed checkout: a failed checkout gives every
 * use back); every such order has its use committed; no use is still reserved
 * for an order whose checkout ended; the uses taken never exceed the total or per-customer limit;
 * and the limit counters equal the uses they count. Orders mid-checkout are not judged. An order
 * returned whole (`returned`) has its use given back when its promotion gives uses back on cancel.
 */

const TAKEN = new Set(['reserved', 'used']);

function countBy<T>(rows: T[], key: (row: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
  return out;
}

/** Each order's and each use's problems, named by `promotionId/orderId`. */
function useProblems(
  orders: OrderRow[],
  usage: UsageDocRow[],
  promotions: Map<string, PromotionRow>,
  inTransit: Set<string>,
  failedCheckouts: Set<string>,
  returned: Set<string>,
): Violation[] {
  const byOrder = new Map(orders.map((o) => [o.id, o]));
  const uses = new Map(usage.map((u) => [`${u.promotionId}/${u.orderId}`, u]));
  const out: Violation[] = [];
  const report = (subject: string, detail: string) => out.push({ invariant: 'promotion-usage-matches-orders', subject, detail });
  for (const o of orders.filter((x) => PAID.includes(x.status) && !inTransit.has(x.id)))
    for (const p of o.promotions ?? []) {
      const use = uses.get(`${p.promotionId}/${o.id}`);
      const givenBack = use?.status === 'released' && use.releaseReason === 'returned' && returned.has(o.id);
      if (use?.status !== 'used' && !(givenBack && promotions.get(p.promotionId)?.releaseOnCancel === true))
        report(`${p.promotionId}/${o.id}`, `order ${o.status} carries the promotion, its use is ${use?.status ?? 'missing'}`);
    }
  for (const u of usage) {
    const order = byOrder.get(u.orderId);
    if (!order || inTransit.has(u.orderId)) {
      if (!order && u.status === 'used')
        report(`${u.promotionId}/${u.orderId}`, 'use committed for an order that does not exist');
      continue;
    }
    const carried = (order.promotions ?? []).some((p) => p.promotionId === u.promotionId);
    const keptOnCancel =
      order.status === 'CANCELLED' && !failedCheckouts.has(order.id) && promotions.get(u.promotionId)?.releaseOnCancel === false;
    if (u.status === 'used' && !(PAID.includes(order.status) && carried) && !keptOnCancel)
      report(`${u.promotionId}/${u.orderId}`, `use committed, order ${order.status}${carried ? '' : ' without the promotion'}`);
    if (u.status === 'reserved' && ENDED.includes(order.status))
      report(`${u.promotionId}/${u.orderId}`, `use still reserved, order ${order.status}`);
  }
  return out;
}

/** Limits and the counters that enforce them, per promotion (and per customer). */
function limitProblems(usage: UsageDocRow[], promotions: PromotionRow[], counters: UsageCounterRow[]): Violation[] {
  const taken = usage.filter((u) => TAKEN.has(u.status));
  const used = countBy(
    usage.filter((u) => u.status === 'used'),
    (u) => u.promotionId,
  );
  const perPromotion = countBy(taken, (u) => `total:${u.promotionId}`);
  const perCustomer = countBy(taken, (u) => `customer:${u.promotionId}:${u.userId}`);
  const out: Violation[] = [];
  const report = (subject: string, detail: string) => out.push({ invariant: 'promotion-within-limits', subject, detail });
  for (const p of promotions) {
    const total = p.limits?.total;
    const n = used.get(p.id) ?? 0;
    const held = perPromotion.get(`total:${p.id}`) ?? 0;
    if (total !== undefined && held > total) report(p.id, `${held} uses taken (${n} committed), total limit ${total}`);
    const each = p.limits?.perCustomer;
    if (each !== undefined)
      for (const [key, k] of perCustomer)
        if (key.startsWith(`customer:${p.id}:`) && k > each)
          report(`${p.id}/${key.slice(`customer:${p.id}:`.length)}`, `customer took ${k} uses, limit ${each} per customer`);
  }
  for (const c of counters) {
    const rows = (c.id.startsWith('total:') ? perPromotion : perCustomer).get(c.id) ?? 0;
    if (c.taken !== rows) report(c.id, `counter says ${c.taken} uses taken, ${rows} reserved or used`);
  }
  return out;
}

export function promotionUsageProblems(
  orders: OrderRow[],
  usage: UsageDocRow[],
  promotions: PromotionRow[],
  counters: UsageCounterRow[],
  inTransit: Set<string>,
  sagas: SagaRow[],
  returned = new Set<string>(),
): Violation[] {
  // The checkout saga's id is its order's.
  const failed = new Set(sagas.filter((s) => s.type === 'checkout' && s.status === 'COMPENSATED').map((s) => s.id));
  return [
    ...useProblems(orders, usage, new Map(promotions.map((p) => [p.id, p])), inTransit, failed, returned),
    ...limitProblems(usage, promotions, counters),
  ];
}
