import { fulfilmentOf } from '../orders/order.fulfilment';
import type { Order, OrderView } from '../orders/orders.contract';
import { refundFor } from './domain/refund';
import { autoApprove } from './domain/return-rules';
import { exchangeChargeAt } from './domain/exchange';
import { unitLedger } from './domain/unit-ledger';
import type { ReturnFieldError, ReturnPolicy, ReturnRequest } from './returns.contract';
import { priceExchange } from './returns.exchange';
import type { ReturnsThis } from './returns.methods';
import type { earlierRefunds } from './returns.refunds';

/** What a return request is checked against beyond the pure rules' inputs: delivery, the refund it would give, the exchange's price. */

/** Delivered per SKU from the order's shipments; an order marked DELIVERED before shipments were tracked counts as wholly delivered. */
export function deliveredPerSku(order: Order): Record<string, number> {
  const tracked = (order as Order & { fulfilment?: { shipments: unknown[] } }).fulfilment?.shipments?.length ?? 0;
  if (tracked === 0 && order.status === 'DELIVERED') return Object.fromEntries(order.items.map((i) => [i.sku, i.quantity]));
  return Object.fromEntries(fulfilmentOf(order as never).lines.map((l: { sku: string; delivered: number }) => [l.sku, l.delivered]));
}

/** When the window starts: the DELIVERED history row (or, when shipped orders may be returned, the first shipping one). */
export function deliveredAtOf(view: Pick<OrderView, 'history'>, allowShipped: boolean): number | undefined {
  const at = (to: string) => view.history.find((h) => h.to === to)?.at;
  return at('DELIVERED') ?? (allowShipped ? (at('PARTIALLY_SHIPPED') ?? at('SHIPPED')) : undefined);
}

/** The refund the request's units would give now; undefined when the order's ledger does not add up (or names no such units). */
export function estimateRefund(
  order: Order,
  request: ReturnRequest,
  policy: ReturnPolicy,
  earlier: Awaited<ReturnType<typeof earlierRefunds>>,
): number | undefined {
  try {
    return refundFor({
      ledger: unitLedger(order),
      refunded: earlier.units,
      units: request.lines,
      policy: policy.refund,
      capturedTotal: order.totals.total,
      refundedSoFar: earlier.total,
    }).amount;
  } catch {
    return undefined;
  }
}

/** Auto-approval by the policy's rules on that refund; without an estimate, support decides. */
export function approves(policy: ReturnPolicy, request: ReturnRequest, deliveredAt: number, estimate: number | undefined, currency: string) {
  if (estimate === undefined) return false;
  const ctx = { request, deliveredAt, requestedAt: Date.now(), windowDays: policy.windowDays };
  return autoApprove(policy.autoApprove, ctx, { amount: estimate, currency }).approve;
}

/**
 * An exchange's items priced now (kept on the return for the saga's settlement) and the difference
 * they cost over the returned units' credit (`charge`: the saga charges it before they ship). Only
 * SKUs not for sale in the order's currency are refused, each naming its `exchangeFor` field.
 */
export async function exchangeProblems(
  svc: ReturnsThis,
  request: ReturnRequest,
  currency: string,
  credit: number | undefined,
): Promise<{ total?: number; charge?: number; errors: ReturnFieldError[] }> {
  if (request.resolution !== 'exchange' || !request.exchangeFor?.length) return { errors: [] };
  const { total, errors } = await priceExchange(svc, request.exchangeFor, currency);
  return { total, charge: exchangeChargeAt(total, credit), errors };
}
