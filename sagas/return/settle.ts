import { settleExchange } from '../../services/returns/domain/exchange';
import type { StepContext } from '../saga.types';
import type { ReceiptPlan, ReturnData } from './return.types';

export type Settlement = { refund: number; creditUsed: number };

/**
 * What a receipt gives back. A refund return: its units' refund. An exchange: the units' credit pays
 * what is left of the new items' price (settleExchange), and only what is over is refunded. What is
 * left: the price less the difference charged at approval (charge-exchange) and the credit used by
 * earlier receipts. A shortfall left by missing units is kept on the saga (exchangeUncharged), not
 * charged: the one charge is the difference priced at request.
 */
export function settlementOf(data: Readonly<ReturnData>, plan: ReceiptPlan): Settlement {
  if (data.resolution !== 'exchange') return { refund: plan.refund.amount, creditUsed: 0 };
  const { refund } = settleExchange(plan.refund, priceLeft(data, plan.exchangePrice ?? 0));
  return { refund, creditUsed: plan.refund.amount - refund };
}

/** The new items' price not yet paid by the charge or by credit. */
export const priceLeft = (data: Readonly<ReturnData>, price: number): number =>
  Math.max(0, price - (data.exchangeCharged?.amount ?? 0) - (data.exchangeCreditUsed ?? 0));

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
