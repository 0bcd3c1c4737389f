import type { Money, OrderItem, OrderTotals } from './orders.contract';
import { OrderRuleError } from './orders.errors';

const badAmount = (what: string) => new OrderRuleError('INVALID_AMOUNT', `${what} is not a whole amount in minor units`, 409);

/** Integer minor units only: a float or an amount past 2^53 would round money silently. */
function safe(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw badAmount(what);
  return Number(value);
}

/** unit price × quantity, in BigInt so a large product cannot lose precision on the way. */
export function lineTotal(unitPrice: Money, quantity: number): Money {
  if (!Number.isSafeInteger(unitPrice.amount)) throw badAmount(`The price of ${unitPrice.amount}`);
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw badAmount(`Quantity ${quantity}`);
  return { amount: safe(BigInt(unitPrice.amount) * BigInt(quantity), 'A line total'), currency: unitPrice.currency };
}

/**
 * The order's totals from its price snapshot. Every line must be in `currency` (one currency per
 * order). Discount, tax and shipping lines are 0 until their services exist; the total already
 * accounts for them, so adding them later changes no caller.
 */
export function orderTotals(items: Pick<OrderItem, 'sku' | 'unitPrice' | 'quantity'>[], currency: string): OrderTotals {
  let subtotal = 0n;
  for (const item of items) {
    if (item.unitPrice.currency !== currency)
      throw new OrderRuleError(
        'CURRENCY_MISMATCH',
        `${item.sku} is priced in ${item.unitPrice.currency}, the order in ${currency}`,
        409,
        {
          sku: item.sku,
        },
      );
    subtotal += BigInt(lineTotal(item.unitPrice, item.quantity).amount);
  }
  const discount = 0n;
  const tax = 0n;
  const shipping = 0n;
  return {
    currency,
    subtotal: safe(subtotal, 'The subtotal'),
    discount: safe(discount, 'The discount'),
    tax: safe(tax, 'The tax'),
    shipping: safe(shipping, 'The shipping'),
    total: safe(subtotal - discount + tax + shipping, 'The total'),
  };
}
