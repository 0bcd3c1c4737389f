import type { AppliedPromotion, PriceAnswer, PriceCustomer, PriceRequest } from '../discounts/discounts.contract';
import { priceOrder } from '../pricing/pricing.pipeline';
import type { LineAdjustment, PricingResult } from '../pricing/pricing.types';
import type { CartAdjustment, CartView, CatalogVariant, LineStatus, Money, PricedLine } from './carts.contract';
import type { CartContents as PricingInput } from './carts.domain';

export type PricedCart = Pick<CartView, 'lines' | 'totals' | 'coupons' | 'promotions' | 'refusedCoupons' | 'tax' | 'pricing'>;

/**
 * Shows each line with what the catalog and the warehouses say now. A line the catalog no longer
 * sells is `unavailable`; one without a price in the cart's currency is `price_missing`; one
 * asking for more than is in stock is `insufficient_stock` (still priced, so the customer sees
 * what it would cost). Only `ok` and `insufficient_stock` lines carry a unit price: those are priced.
 */
export function shownLines(cart: PricingInput, variants: CatalogVariant[], availability: Record<string, number>): PricedLine[] {
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  return cart.lines.map((line) => {
    const variant = bySku.get(line.sku);
    const available = Math.max(0, Math.trunc(Number(availability[line.sku] ?? 0)) || 0);
    const price = variant?.productStatus === 'active' ? variant.price : null;
    let status: LineStatus;
    if (!variant || variant.productStatus !== 'active') status = 'unavailable';
    else if (!price || price.currency !== cart.currency) status = 'price_missing';
    else status = available < line.quantity ? 'insufficient_stock' : 'ok';
    const sellable = price && (status === 'ok' || status === 'insufficient_stock');
    return {
      sku: line.sku,
      productId: variant?.productId ?? line.productId,
      name: variant?.productName ?? line.name,
      quantity: line.quantity,
      unitPrice: sellable ? { amount: price.amount, currency: price.currency } : null,
      lineTotal: null,
      discount: null,
      tax: null,
      adjustments: [],
      available,
      status,
    };
  });
}

/**
 * The `discounts.price` request for the priced lines, or null when no line is priced (there is
 * nothing for promotions or tax to act on).
 */
export function priceRequestOf(
  cart: PricingInput,
  shown: PricedLine[],
  variants: CatalogVariant[],
  customer?: PriceCustomer,
): PriceRequest | null {
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  const lines = shown.filter((l) => l.unitPrice);
  if (!lines.length || !cart.currency) return null;
  const address = cart.shippingAddress;
  return {
    currency: cart.currency,
    lines: lines.map((l) => ({
      sku: l.sku,
      productId: l.productId,
      categoryPath: bySku.get(l.sku)?.categoryPath ?? [],
      quantity: l.quantity,
      unitPrice: l.unitPrice!.amount,
      taxClass: bySku.get(l.sku)?.taxClass ?? 'standard',
    })),
    codes: cart.coupons ?? [],
    ...(customer ? { customer } : {}),
    ...(address ? { address: { country: address.country, ...(address.region ? { region: address.region } : {}) } } : {}),
  };
}

/**
 * The cart as shown: with `answer` (discounts' pricing of `priceRequestOf`) every priced line
 * carries its adjustments, discount and tax; without it the lines are priced by the same pipeline
 * with no promotion and no tax (nothing to price, or discounts unreachable: `degraded`).
 */
export function priceCart(cart: PricingInput, shown: PricedLine[], answer: PriceAnswer | null, degraded = false): PricedCart {
  const currency = cart.currency ?? '';
  const sellable = shown.filter((l) => l.unitPrice);
  const result: PricingResult =
    answer?.pricing ??
    priceOrder(
      currency,
      sellable.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice!.amount })),
    );
  const money = (amount: number): Money => ({ amount, currency });
  const promotions = new Map((answer?.applied ?? []).map((p) => [p.promotionId, p]));
  const rates = new Map((answer?.tax.rates ?? []).map((r) => [r.id, r.rateBps]));
  const adjustment = (a: LineAdjustment): CartAdjustment => {
    const code = a.source.type === 'promotion' ? promotions.get(a.source.id)?.code : undefined;
    const rateBps = a.source.type === 'tax_rate' ? rates.get(a.source.id) : undefined;
    return {
      kind: a.kind,
      source: { ...a.source, ...(code ? { code } : {}) },
      amount: money(a.amount),
      ...(rateBps !== undefined ? { rateBps } : {}),
    };
  };
  const byResultSku = new Map(result.lines.map((l) => [l.sku, l]));
  const lines = shown.map((l) => {
    const r = l.unitPrice ? byResultSku.get(l.sku) : undefined;
    if (!r) return l;
    const priced = { lineTotal: money(r.subtotal), discount: money(r.discount), tax: money(r.tax) };
    return { ...l, ...priced, adjustments: r.adjustments.map(adjustment) };
  });
  const t = result.totals;
  const shownMoney = (amount: number) => (cart.lines.length && cart.currency ? money(amount) : null);
  const codes = new Set(cart.coupons ?? []);
  return {
    lines,
    totals: {
      currency: cart.lines.length ? (cart.currency ?? null) : null,
      subtotal: shownMoney(t.subtotal),
      discount: shownMoney(t.discount),
      shipping: shownMoney(t.shipping),
      tax: shownMoney(t.tax),
      total: shownMoney(t.total),
      itemCount: cart.lines.reduce((n, l) => n + l.quantity, 0),
    },
    coupons: cart.coupons ?? [],
    promotions: (answer?.applied ?? []).map((p: AppliedPromotion) => ({
      id: p.promotionId,
      ...(p.code ? { code: p.code } : {}),
      name: p.name,
      amount: money(p.amount),
    })),
    refusedCoupons: (answer?.refusedCodes ?? []).filter((r) => codes.has(r.code)),
    tax: { estimated: answer?.tax.estimated ?? false, pricesIncludeTax: answer?.tax.pricesIncludeTax ?? false },
    pricing: degraded ? 'unavailable' : 'ok',
  };
}
