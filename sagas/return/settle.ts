import { settleExchange } from '../../services/returns/domain/exchange';
import type { StepContext } from '../saga.types';
import type { ReceiptPlan, ReturnData } from './return.types';

export type Settlement = { refund: number; creditUsed: number };

/**
 * What a receipt gives back. A refund return: its units' refund. An exchange: the units' credit pays
 * the new items' price first (settleExchange against what is left of it), and only what is over is
 * refunded. Payments offers no second charge (its one authorisation per order needs the customer's
 * token), so an exchange dearer than the credit is refused when requested; a shortfall left by
 * missing units is kept on the saga (exchangeUncharged), not charged.
 */
export function settlementOf(data: Readonly<ReturnData>, plan: ReceiptPlan): Settlement {
  if (data.resolution !== 'exchange') return { refund: plan.refund.amount, creditUsed: 0 };
  const priceLeft = Math.max(0, (plan.exchangePrice ?? 0) - (data.exchangeCreditUsed ?? 0));
  const { refund } = settleExchange(plan.refund, priceLeft);
  return { refund, creditUsed: plan.refund.amount - refund };
}

/**
 * The payment refund, partial, keyed by the receipt: a round re-run after a crash (same receipt,
 * same key) is answered by payments with the refund it already made. Answers the refund's id there.
 */
export async function refundReceipt(ctx: StepContext<ReturnData>, plan: ReceiptPlan, amount: number): Promise<string | undefined> {
  if (amount === 0) return undefined;
  const { orderId } = ctx.data;
  const refundKey = plan.receiptId;
  await ctx.call('payments.refund', { orderId, amount: { amount, currency: plan.refund.currency }, reason: 'return', refundKey });
  return `${orderId}:${refundKey}`;
}
