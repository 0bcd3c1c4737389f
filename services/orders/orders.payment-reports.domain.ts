import { hasShipped, totalOf } from './order.aggregate';
import type { Order, OrderStatus } from './orders.contract';

export type PaymentReport = 'payment.refunded' | 'payment.captured';
export type ReportStep = 'cancel' | 'refund' | 'review' | 'none';

/**
 * What a `payment.refunded` tells of its refund (version 2): whether all the captured money is now
 * back, and who made it: the platform (`api`) or the provider on its own (`provider`). Version 1
 * events carry neither: they were whole refunds, treated as the provider's.
 */
export interface RefundFacts {
  full?: boolean;
  origin?: 'api' | 'provider';
}

/**
 * What a payment event means for its order when the platform may not have caused it (a refund
 * made at the provider, a capture that landed after checkout gave up). Money and order must agree:
 * - fully refunded while CONFIRMED: the order is cancelled as a customer's cancel would be (the
 *   cancel saga: its refund finds the money already back, then it restocks);
 * - partly refunded while CONFIRMED: by the platform (a goodwill or return refund) it stays as it
 *   is; by the provider on its own, an operator must look (logged);
 * - refunded by the provider once any of it shipped (PARTIALLY_SHIPPED, SHIPPED, DELIVERED): goods
 *   are gone, an operator must look; the platform's own refunds there are returns, already handled;
 * - captured once CANCELLED or REJECTED: the money is given back.
 * Anything else is the platform's own doing, already reflected in the order.
 */
export function paymentReportStep(event: PaymentReport, status: OrderStatus, refund: RefundFacts = {}): ReportStep {
  if (event === 'payment.refunded') {
    const byProvider = refund.origin !== 'api';
    if (status === 'CONFIRMED') {
      if (refund.full !== false) return 'cancel';
      return byProvider ? 'review' : 'none';
    }
    return hasShipped(status) && byProvider ? 'review' : 'none';
  }
  return status === 'CANCELLED' || status === 'REJECTED' ? 'refund' : 'none';
}

/** The cancel-order saga's input for an order (a customer's cancel, or a refund the provider reported). */
export function cancelSagaData(order: Order, reason: string) {
  return {
    orderId: order.id,
    userId: order.userId,
    reason,
    amount: totalOf(order),
    lines: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    ...(order.promotions?.length ? { promotionIds: order.promotions.map((p) => p.promotionId) } : {}),
  };
}
