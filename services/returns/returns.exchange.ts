import type { SkuInfo } from '../products/products.contract';
import type { ExchangeLine, ReturnFieldError } from './returns.contract';
import { AS_PLATFORM, type ReturnsThis } from './returns.methods';

/**
 * The new items' total at today's catalog prices, in the order's currency, and what is wrong with
 * the exchange list (an SKU not sold, or not in that currency), each naming its field.
 */
export async function priceExchange(
  svc: ReturnsThis,
  lines: readonly ExchangeLine[],
  currency: string,
): Promise<{ total: number; errors: ReturnFieldError[] }> {
  const infos = await svc.broker.call<SkuInfo[], { skus: string[] }>('products.variantsBySku', { skus: lines.map((l) => l.sku) }, AS_PLATFORM);
  const prices = new Map(infos.map((i) => [i.sku, i.productStatus === 'active' ? i.price : null]));
  const errors: ReturnFieldError[] = [];
  let total = 0;
  lines.forEach((l, i) => {
    const price = prices.get(l.sku);
    if (!price) errors.push({ field: `exchangeFor[${i}].sku`, code: 'UNKNOWN_SKU', message: `${l.sku} is not for sale` });
    else if (price.currency !== currency)
      errors.push({ field: `exchangeFor[${i}].sku`, code: 'CURRENCY_MISMATCH', message: `${l.sku} is not sold in ${currency}` });
    else total += price.amount * l.quantity;
  });
  return { total, errors };
}
