import { WaitAgain, type SagaStep } from '../saga.types';
import { restockOrWriteOff } from './restock';
import type { ReceiptPlan, ReceiptSignal, ReturnData } from './return.types';
import { refundReceipt, settlementOf } from './settle';
import { exchangeToShip, shipExchange } from './ship-exchange.step';

/**
 * Waits (no lease) for each `receipt` signal the admin receive sends; one round per receipt, under
 * its own key: the plan, the units into stock or written off, the refund (or the exchange's
 * settlement), then the refund recorded on the return (`refund.issued`). An exchange ships with the
 * first receipt unless it shipped at once. Waits again while units stay open. Refunds cannot be
 * undone by the saga: a failure parks it for an operator rather than unwinding paid-out rounds.
 */
export const awaitReceipt: SagaStep<ReturnData> = {
  id: 'await-receipt',
  // A round makes several calls in one try (plan, movements, refund at the provider, record).
  deadlineMs: 10_000,
  retry: { attempts: 6, backoffMs: 250 },
  mustComplete: true,
  waitFor: 'receipt',
  async invoke(ctx) {
    const { returnId } = ctx.data;
    const { receiptId } = ctx.signal!.data as ReceiptSignal;
    const plan = await ctx.call<ReceiptPlan>('returns.receiptPlan', { returnId, receiptId });
    await restockOrWriteOff(ctx, plan);
    const shipped = exchangeToShip(ctx.data) ? await shipExchange(ctx) : {};
    const data = { ...ctx.data, ...shipped };
    const { refund, creditUsed } = settlementOf(data, plan);
    const paymentRefundId = await refundReceipt(ctx, plan, refund);
    await ctx.call('returns.recordRefund', {
      returnId,
      receiptId,
      amount: { amount: refund, currency: plan.refund.currency },
      perLine: plan.refund.perLine,
      ...(plan.refund.units ? { units: plan.refund.units } : {}),
      ...(paymentRefundId ? { paymentRefundId } : {}),
    });
    const output: Partial<ReturnData> = {
      ...shipped,
      receipts: [...(ctx.data.receipts ?? []), receiptId],
      refunded: { amount: (ctx.data.refunded?.amount ?? 0) + refund, currency: plan.refund.currency },
      ...(data.resolution === 'exchange'
        ? { exchangeCreditUsed: (ctx.data.exchangeCreditUsed ?? 0) + creditUsed, exchangePrice: plan.exchangePrice ?? 0 }
        : {}),
    };
    return plan.outstanding > 0 ? new WaitAgain(output) : output;
  },
};
