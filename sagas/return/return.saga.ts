import type { SagaDefinition } from '../saga.types';
import { authorise, REJECTED } from './authorise.step';
import { chargeExchange } from './charge-exchange.step';
import { awaitReceipt } from './await-receipt.step';
import { close } from './close.step';
import { label } from './label.step';
import type { ReturnData } from './return.types';
import { reserveExchange } from './reserve-exchange.step';
import { shipExchangeAtOnce } from './ship-exchange.step';

/**
 * A return from request to close (saga id = return id). authorise (auto-approved, or waits for the
 * admin's decision) → reserve-exchange (exchanges; out of stock: a refund instead) →
 * charge-exchange (the difference of a dearer exchange; declined: a refund instead) → label →
 * ship-exchange (policy `at-once` only) → await-receipt (one round per receipt: restock or write
 * off, refund or settle the exchange, record; waits again while units are open) → close.
 * A rejection, or an operator's compensation, cancels the label and releases the exchange's hold,
 * then ends the return rejected (staff's rejection) or cancelled (anything else), its claimed units
 * given back, or closed when units already came.
 */
export const returnSaga: SagaDefinition<ReturnData> = {
  type: 'return',
  steps: [authorise, reserveExchange, chargeExchange, label, shipExchangeAtOnce, awaitReceipt, close],
  async onFailure(ctx) {
    const { returnId, receipts = [] } = ctx.data;
    // Units already received and refunded cannot be rejected: such a return ends closed with what came.
    if (receipts.length > 0) return void (await ctx.call('returns.markClosed', { returnId }));
    if (ctx.failure.type === REJECTED) return void (await ctx.call('returns.markRejected', { returnId, reason: ctx.failure.message }));
    // Nobody rejected it (an operator's compensation, a step failed for good), maybe after approval,
    // where the return's machine allows only `cancelled`: it ends cancelled, its claimed units free.
    await ctx.call('returns.markCancelled', { returnId, reason: `return ended at ${ctx.failedStep}` });
  },
};
