import { RuleError } from '../../mixins/validation/rule-error';
import type { CartAddress, CartLimits, CartLine, CartOwner, ChosenShipping, MergeReport } from './carts.contract';

/** What the cart rules read and write: a cart's lines, the one currency they are priced in, its codes and address. */
export interface CartContents {
  lines: CartLine[];
  currency?: string;
  coupons?: string[];
  shippingAddress?: CartAddress;
  shipping?: ChosenShipping;
}

export type CartProblem = 'LIMIT_REACHED' | 'QUANTITY_LIMIT' | 'CURRENCY_MISMATCH' | 'NOT_IN_CART' | 'SHIPPING_QUOTE_STALE';

/** A cart rule refused a change; the service turns it into a 4xx. */
export class CartRuleError extends RuleError<CartProblem> {}

export interface NewItem {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  /** The currency of the SKU's current price. */
  currency: string;
}

const DAY_MS = 86_400_000;

/** Every write pushes the expiry out again: customers keep an idle cart longer than anonymous visitors. */
export function cartExpiry(owner: CartOwner, now: number, ttl: { customerTtlDays: number; anonymousTtlDays: number }): number {
  return now + (owner === 'customer' ? ttl.customerTtlDays : ttl.anonymousTtlDays) * DAY_MS;
}

/** Adds to the SKU's line if there is one, else appends a line. */
export function addItem(cart: CartContents, item: NewItem, limits: CartLimits, now: number): CartContents {
  if (cart.lines.length > 0 && cart.currency && cart.currency !== item.currency) {
    throw new CartRuleError(
      'CURRENCY_MISMATCH',
      `This cart is priced in ${cart.currency}; ${item.sku} is priced in ${item.currency}`,
      { cartCurrency: cart.currency, itemCurrency: item.currency },
    );
  }
  const existing = cart.lines.find((l) => l.sku === item.sku);
  if (existing) {
    const quantity = existing.quantity + item.quantity;
    if (quantity > limits.maxQuantity) throw quantityLimit(limits.maxQuantity, existing.quantity);
    const lines = cart.lines.map((l) =>
      l.sku === item.sku ? { ...l, quantity, productId: item.productId, name: item.name } : l,
    );
    return { ...cart, lines, currency: item.currency };
  }
  if (item.quantity > limits.maxQuantity) throw quantityLimit(limits.maxQuantity, 0);
  if (cart.lines.length >= limits.maxLines) {
    throw new CartRuleError('LIMIT_REACHED', `A cart holds at most ${limits.maxLines} different items`, { max: limits.maxLines });
  }
  const line: CartLine = { sku: item.sku, productId: item.productId, name: item.name, quantity: item.quantity, addedAt: now };
  return { ...cart, lines: [...cart.lines, line], currency: item.currency };
}

/** Sets a line's quantity (1..maxQuantity; removing is its own operation). */
export function setQuantity(cart: CartContents, sku: string, quantity: number, limits: CartLimits): CartContents {
  if (!cart.lines.some((l) => l.sku === sku)) throw notInCart(sku);
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > limits.maxQuantity)
    throw quantityLimit(limits.maxQuantity, 0);
  return { ...cart, lines: cart.lines.map((l) => (l.sku === sku ? { ...l, quantity } : l)) };
}

/** The cart without the SKU's line, or null when there was none (nothing to write). */
export function removeItem(cart: CartContents, sku: string): CartContents | null {
  if (!cart.lines.some((l) => l.sku === sku)) return null;
  const lines = cart.lines.filter((l) => l.sku !== sku);
  return { ...cart, lines, currency: lines.length > 0 ? cart.currency : undefined };
}

/**
 * Folds an anonymous cart into a customer's. Quantities of a SKU in both add up, capped at the
 * per-line maximum; new SKUs are appended in the anonymous cart's order while the lines limit
 * allows. Merging never fails: what does not fit (over the limit, or priced in a currency other
 * than the customer's non-empty cart's) is dropped and reported.
 */
export function mergeCarts(
  target: CartContents,
  source: CartContents,
  limits: CartLimits,
): { contents: CartContents; report: MergeReport } {
  const report: MergeReport = { added: [], increased: [], capped: [], dropped: [] };
  const targetCurrency = target.lines.length > 0 ? target.currency : undefined;
  if (targetCurrency && source.lines.length > 0 && source.currency && source.currency !== targetCurrency) {
    report.dropped = source.lines.map((l) => l.sku);
    return { contents: { ...target, ...mergeExtras(target, source, limits.maxCoupons) }, report };
  }
  const lines = target.lines.map((l) => ({ ...l }));
  for (const incoming of source.lines) {
    const existing = lines.find((l) => l.sku === incoming.sku);
    if (existing) {
      const sum = existing.quantity + incoming.quantity;
      existing.quantity = Math.min(sum, limits.maxQuantity);
      report.increased.push(incoming.sku);
      if (sum > limits.maxQuantity) report.capped.push(incoming.sku);
    } else if (lines.length < limits.maxLines) {
      const quantity = Math.min(incoming.quantity, limits.maxQuantity);
      lines.push({ ...incoming, quantity });
      report.added.push(incoming.sku);
      if (quantity < incoming.quantity) report.capped.push(incoming.sku);
    } else {
      report.dropped.push(incoming.sku);
    }
  }
  const currency = lines.length === 0 ? undefined : (targetCurrency ?? source.currency);
  return { contents: { lines, currency, ...mergeExtras(target, source, limits.maxCoupons) }, report };
}

/**
 * At login the customer's codes come first, then the anonymous cart's new ones, up to `max`; the
 * customer's address wins over the anonymous one. Customer-only conditions start to match now.
 */
export function mergeExtras(
  target: Pick<CartContents, 'coupons' | 'shippingAddress'>,
  source: Pick<CartContents, 'coupons' | 'shippingAddress'>,
  max: number,
): Pick<CartContents, 'coupons' | 'shippingAddress'> {
  const coupons = [...new Set([...(target.coupons ?? []), ...(source.coupons ?? [])])].slice(0, max);
  const shippingAddress = target.shippingAddress ?? source.shippingAddress;
  return { ...(coupons.length ? { coupons } : {}), ...(shippingAddress ? { shippingAddress } : {}) };
}

export const notInCart = (sku: string) => new CartRuleError('NOT_IN_CART', `${sku} is not in the cart`, { sku });

function quantityLimit(max: number, inCart: number): CartRuleError {
  const already = inCart > 0 ? ` (${inCart} already in the cart)` : '';
  return new CartRuleError('QUANTITY_LIMIT', `At most ${max} of one item per cart${already}`, { max, inCart });
}
