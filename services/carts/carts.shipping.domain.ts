import type { OrderShipping, Quote, QuoteAddress, QuoteCheck, QuoteLine, QuoteRequest } from '../shipping/shipping.contract';
import { cartFingerprint as quoteFingerprint } from '../shipping/domain/quote';
import type { CartAddress, CartLine, CartShipping, CartView, CatalogVariant, ChosenShipping } from './carts.contract';
import type { CartContents } from './carts.domain';

/** The address a quote is bound to: only what zones match on. */
export const quoteAddressOf = (a: CartAddress): QuoteAddress => ({
  country: a.country,
  ...(a.region ? { region: a.region } : {}),
  ...(a.postalCode ? { postalCode: a.postalCode } : {}),
});

/**
 * The lines a quote prices: every line of the cart (the fingerprint is the cart's contents, so a
 * quote goes stale exactly when they change), with the catalog's weights where it has them.
 */
export function quoteLinesOf(lines: Pick<CartLine, 'sku' | 'quantity'>[], variants: CatalogVariant[]): QuoteLine[] {
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  return lines.map((l) => {
    const v = bySku.get(l.sku);
    return {
      sku: l.sku,
      quantity: l.quantity,
      ...(v?.weightG !== undefined ? { weightG: v.weightG } : {}),
      ...(v?.dimensionsMm ? { dimensionsMm: v.dimensionsMm } : {}),
    };
  });
}

/**
 * The cart id shipping binds quotes to. Shipping takes ids of up to 64 characters; an anonymous
 * cart's id (`a-` + 64 hex) is cut to that, still 248 bits of its token's hash.
 */
export const quoteCartId = (cartId: string): string => cartId.slice(0, 64);

/** `shipping.checkQuote` for this cart as it is now. */
export const quoteCheckOf = (quoteId: string, cartId: string, fingerprint: string): QuoteCheck => ({
  quoteId,
  cartId: quoteCartId(cartId),
  fingerprint,
});

/** The request for options now, or null when there is nothing to ship or nowhere to ship it. */
export function quoteRequestOf(cartId: string, cart: CartContents, lines: QuoteLine[], goodsValue: number): QuoteRequest | null {
  if (!cart.shippingAddress || !cart.currency || !lines.length) return null;
  const address = quoteAddressOf(cart.shippingAddress);
  return { cartId: quoteCartId(cartId), currency: cart.currency, lines, goodsValue, address };
}

/**
 * Goods after line and order discounts, before shipping and tax, of a cart priced without shipping:
 * what value bands and free-over thresholds read, and what a quote's fingerprint binds.
 */
export const goodsValueOf = ({ totals }: Pick<CartView, 'totals'>): number =>
  (totals.subtotal?.amount ?? 0) - (totals.discount?.amount ?? 0);

/**
 * The cart's current fingerprint for its goods value (shipping's own function, so carts and
 * shipping never disagree on what a quote is bound to), or null when it cannot hold a quote (no
 * address, no lines).
 */
export function cartFingerprint(cartId: string, cart: CartContents, goodsValue: number): string | null {
  const request = quoteRequestOf(cartId, cart, cart.lines, goodsValue);
  return request ? quoteFingerprint(request) : null;
}

/** What the cart keeps of a checked quote: enough to show it, price it and snapshot it without asking again. */
export const chosenOf = (q: Quote): ChosenShipping => ({
  quoteId: q.quoteId ?? q.id,
  methodId: q.methodId,
  name: q.name,
  carrier: q.carrier,
  serviceLevel: q.serviceLevel,
  rateVersion: q.rateVersion,
  price: q.price,
  expiresAt: q.expiresAt,
  estimatedDelivery: q.estimatedDelivery,
  fingerprint: q.fingerprint,
});

/** Why a chosen quote no longer holds for the cart as it is now; null while it does. */
export function staleness(chosen: ChosenShipping, fingerprint: string | null, now: number): 'expired' | 'changed' | null {
  if (fingerprint !== chosen.fingerprint) return 'changed';
  return chosen.expiresAt <= now ? 'expired' : null;
}

/** The chosen quote as the cart view shows it. */
export function shownShipping(chosen: ChosenShipping | undefined, stale: boolean): CartShipping | null {
  if (!chosen) return null;
  const { quoteId, methodId, name, carrier, price, expiresAt, estimatedDelivery } = chosen;
  return { quoteId, methodId, name, carrier, price, expiresAt, estimatedDelivery, stale };
}

/** What an order keeps of the quote it was charged. */
export const orderShippingOf = (c: ChosenShipping): OrderShipping => ({
  quoteId: c.quoteId,
  methodId: c.methodId,
  name: c.name,
  carrier: c.carrier,
  serviceLevel: c.serviceLevel,
  rateVersion: c.rateVersion,
  price: c.price,
  estimatedDelivery: c.estimatedDelivery,
});

/** The cart with this quote chosen, or null when it already holds exactly that one. */
export function chooseShipping(cart: CartContents, chosen: ChosenShipping): CartContents | null {
  return cart.shipping?.quoteId === chosen.quoteId && cart.shipping.fingerprint === chosen.fingerprint
    ? null
    : { ...cart, shipping: chosen };
}

/** The cart without a chosen quote, or null when it had none. */
export function clearShipping(cart: CartContents): CartContents | null {
  if (!cart.shipping) return null;
  const { shipping: _dropped, ...rest } = cart;
  return rest;
}
