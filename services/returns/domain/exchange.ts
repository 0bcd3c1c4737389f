import type { RefundComputation } from '../returns.contract';

export interface ExchangeSettlement {
  /** What the returned units are worth to the customer: their refund (goods, shipping per policy, less fees). */
  credit: number;
  /** What the new items cost, priced through the pipeline when the exchange is approved. */
  price: number;
  /** To charge when the new items cost more; 0 otherwise. */
  charge: number;
  /** To refund when they cost less; 0 otherwise. */
  refund: number;
}

/**
 * An exchange settles the difference between the returned units' refund and the new items'
 * price: one of `charge` and `refund` is 0. When the new items cannot be reserved the saga falls
 * back to refunding `credit` in full, which is the same refund a return with resolution `refund`
 * would give.
 */
export function settleExchange(returned: Pick<RefundComputation, 'amount'>, newItemsTotal: number): ExchangeSettlement {
  if (!Number.isSafeInteger(newItemsTotal) || newItemsTotal < 0)
    throw new RangeError(`Not a price in minor units: ${newItemsTotal}`);
  const credit = returned.amount;
  return {
    credit,
    price: newItemsTotal,
    charge: Math.max(0, newItemsTotal - credit),
    refund: Math.max(0, credit - newItemsTotal),
  };
}

/**
 * What an exchange is charged when requested: the new items' total over the credit the returned
 * units would give then (no estimate, when the order's ledger does not add up: no credit at all).
 */
export const exchangeChargeAt = (newItemsTotal: number, credit: number | undefined): number =>
  settleExchange({ amount: credit ?? 0 }, newItemsTotal).charge;
