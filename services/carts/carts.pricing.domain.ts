import type { CartLine, CartTotals, CatalogVariant, LineStatus, PricedLine } from './carts.contract';
import { CartRuleError } from './carts.domain';

/**
 * Shows each line with what the catalog and the warehouses say now. A line the catalog no longer
 * sells is `unavailable`; one without a price in the cart's currency is `price_missing`; one
 * asking for more than is in stock is `insufficient_stock` (still priced, so the customer sees
 * what it would cost). Only `ok` and `insufficient_stock` lines carry a line total.
 */
export function priceLines(
  lines: CartLine[],
  currency: string | undefined,
  variants: CatalogVariant[],
  availability: Record<string, number>,
): PricedLine[] {
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  return lines.map((line) => {
    const variant = bySku.get(line.sku);
    const available = Math.max(0, Math.trunc(Number(availability[line.sku] ?? 0)) || 0);
    const base = {
      sku: line.sku,
      productId: variant?.productId ?? line.productId,
      name: variant?.productName ?? line.name,
      quantity: line.quantity,
    };
    const price = variant?.productStatus === 'active' ? variant.price : null;
    let status: LineStatus;
    if (!variant || variant.productStatus !== 'active') status = 'unavailable';
    else if (!price || price.currency !== currency) status = 'price_missing';
    else status = available < line.quantity ? 'insufficient_stock' : 'ok';
    if (!price || status === 'unavailable' || status === 'price_missing') {
      return { ...base, unitPrice: null, lineTotal: null, available, status };
    }
    const lineTotal = safeAmount(BigInt(price.amount) * BigInt(line.quantity));
    return {
      ...base,
      unitPrice: { amount: price.amount, currency: price.currency },
      lineTotal: { amount: lineTotal, currency: price.currency },
      available,
      status,
    };
  });
}

/**
 * Totals in integer minor units: the subtotal adds up the lines that carry a total; the item
 * count counts every unit in the cart. Discount, tax and shipping lines are 0 until the services
 * that compute them exist; the total already accounts for them.
 */
export function cartTotals(lines: PricedLine[], currency: string | undefined): CartTotals {
  let subtotal = 0n;
  let itemCount = 0;
  for (const line of lines) {
    itemCount += line.quantity;
    if (line.lineTotal) subtotal += BigInt(line.lineTotal.amount);
  }
  const discount = 0n;
  const tax = 0n;
  const shipping = 0n;
  return {
    currency: lines.length > 0 ? (currency ?? null) : null,
    subtotal: safeAmount(subtotal),
    discount: safeAmount(discount),
    tax: safeAmount(tax),
    shipping: safeAmount(shipping),
    total: safeAmount(subtotal - discount + tax + shipping),
    itemCount,
  };
}

/** Amounts leave as JSON numbers: refuse anything a double could not hold exactly. */
function safeAmount(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new CartRuleError('TOTAL_TOO_LARGE', 'The cart total is too large');
  }
  return Number(value);
}
