import { priceOrder } from '../pricing/pricing.pipeline';
import type { PricingSources } from '../pricing/pricing.types';
import type { CartLine, CartTotals, CatalogVariant, LineStatus, PricedLine } from './carts.contract';

export interface PricedCart {
  lines: PricedLine[];
  totals: CartTotals;
}

/**
 * Shows each line with what the catalog and the warehouses say now. A line the catalog no longer
 * sells is `unavailable`; one without a price in the cart's currency is `price_missing`; one
 * asking for more than is in stock is `insufficient_stock` (still priced, so the customer sees
 * what it would cost). Only `ok` and `insufficient_stock` lines go through the pricing pipeline
 * (services/pricing), the one that prices orders too, so the cart shows what checkout will charge.
 */
export function priceCart(
  lines: CartLine[],
  currency: string | undefined,
  variants: CatalogVariant[],
  availability: Record<string, number>,
  sources: PricingSources = {},
): PricedCart {
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  const shown = lines.map((line) => {
    const variant = bySku.get(line.sku);
    const available = Math.max(0, Math.trunc(Number(availability[line.sku] ?? 0)) || 0);
    const price = variant?.productStatus === 'active' ? variant.price : null;
    let status: LineStatus;
    if (!variant || variant.productStatus !== 'active') status = 'unavailable';
    else if (!price || price.currency !== currency) status = 'price_missing';
    else status = available < line.quantity ? 'insufficient_stock' : 'ok';
    const sellable = price && (status === 'ok' || status === 'insufficient_stock');
    return {
      sku: line.sku,
      productId: variant?.productId ?? line.productId,
      name: variant?.productName ?? line.name,
      quantity: line.quantity,
      unitPrice: sellable ? { amount: price.amount, currency: price.currency } : null,
      lineTotal: null as PricedLine['lineTotal'],
      available,
      status,
    };
  });
  const sellable = shown.filter((l) => l.unitPrice);
  const priced = priceOrder(
    currency ?? '',
    sellable.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice!.amount })),
    sources,
  );
  sellable.forEach((l, i) => (l.lineTotal = { amount: priced.lines[i].subtotal, currency: l.unitPrice!.currency }));
  return {
    lines: shown,
    totals: {
      currency: lines.length > 0 ? (currency ?? null) : null,
      ...priced.totals,
      itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    },
  };
}
