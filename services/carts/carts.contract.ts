export type { Money } from '../../mixins/validation/money';
import type { Money } from '../../mixins/validation/money';
import type { CouponRefusal, PriceAnswer, TaxClass } from '../discounts/discounts.contract';
import type { AddressSnapshot } from '../orders/orders.contract';
import type { OrderShipping, ServiceLevel } from '../shipping/shipping.contract';

/**
 * What `carts.claim` (internal) answers to the orders service at checkout. The order snapshots
 * exactly this: `cart` is the view the customer saw, `pricing` the very `discounts.price` answer it
 * was priced from (lines with every adjustment, applied promotions with their versions, tax rates),
 * so an order never re-prices. A claim whose pricing would be degraded (discounts unreachable) is
 * refused with 503 PRICING_UNAVAILABLE and the cart is not claimed. `pricing` is null only when the
 * cart has no sellable line (orders refuses such a cart anyway: CART_EMPTY or not ready).
 */
export interface ClaimedCart {
  orderId: string;
  cart: CartView;
  pricing: PriceAnswer | null;
  /** The quote the cart was priced with (checked by shipping at the claim); null when none was charged. */
  shipping: OrderShipping | null;
}

/** A cart's shipping address, kept as orders snapshot addresses; `addressId` when it came from the address book. */
export type CartAddress = AddressSnapshot;

export type CartOwner = 'customer' | 'anonymous';

/** What the cart remembers of a line; price and availability are looked up on every read. */
export type CartLine = {
  sku: string;
  productId: string;
  /** The product's name when the line was added: shown if the catalog no longer knows the SKU. */
  name: string;
  quantity: number;
  addedAt: number;
};

export type Cart = {
  /** `u-<userId>` for a customer, `a-<sha256(cart token)>` for an anonymous cart. */
  id: string;
  owner: CartOwner;
  userId?: string;
  /** The currency of every line's price; absent while the cart is empty. */
  currency?: string;
  lines: CartLine[];
  createdAt: number;
  updatedAt: number;
  /** Pushed forward by every write: an idle cart expires (DynamoDB TTL, hidden by every engine). */
  expiresAt: number;
  /** Set while an order's checkout holds the cart: its lines are that order's until it ends. */
  checkoutOrderId?: string;
  /** The orders service's id of the request attempt (customer and Idempotency-Key) that claimed it. */
  checkoutAttempt?: string;
  claimedAt?: number;
  /** Coupon codes (normalised), oldest first; at most `maxCoupons`. */
  coupons?: string[];
  shippingAddress?: CartAddress;
  /** The shipping quote chosen (`PUT /api/cart/shipping`), with the fingerprint it was made for. */
  shipping?: ChosenShipping;
  version?: number;
};

/** A checked quote as the cart keeps it: shown, priced and snapshotted by the order without asking shipping again. */
export interface ChosenShipping extends OrderShipping {
  expiresAt: number;
  /** The cart's lines, address and goods value the quote was made for (shipping.contract.ts Quote.fingerprint). */
  fingerprint: string;
}

/**
 * The chosen quote as the cart shows it. `stale` once the lines or the address changed or the quote
 * expired: the cart is then priced without it, and checkout answers 409 SHIPPING_QUOTE_STALE.
 */
export interface CartShipping {
  quoteId: string;
  methodId: string;
  name: string;
  carrier: string;
  price: Money;
  expiresAt: number;
  estimatedDelivery: { from: number; to: number };
  stale: boolean;
}

export type { ServiceLevel };

export type LineStatus = 'ok' | 'unavailable' | 'insufficient_stock' | 'price_missing';

/** One adjustment on a line, as the cart shows it (see services/pricing/pricing.types.ts). */
export interface CartAdjustment {
  kind: 'discount' | 'shipping' | 'tax';
  /** `code` when a coupon brought the promotion in. */
  source: { type: 'promotion' | 'shipping_quote' | 'tax_rate'; id: string; code?: string };
  amount: Money;
  /** A tax adjustment's rate in basis points (825 = 8.25 %). */
  rateBps?: number;
}

export interface PricedLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money | null;
  /** unitPrice × quantity, before discounts and tax. */
  lineTotal: Money | null;
  /** This line's share of every discount; null when the line is not priced. */
  discount: Money | null;
  tax: Money | null;
  adjustments: CartAdjustment[];
  /** Units available now, summed over warehouses. */
  available: number;
  status: LineStatus;
}

/**
 * Every amount in `currency`: `total = subtotal − discount + shipping + tax` (tax-exclusive
 * prices; with tax-inclusive prices `tax` is the part of the total that is tax). Amounts are null
 * only for a cart without a currency (an empty one).
 */
export interface CartTotals {
  currency: string | null;
  subtotal: Money | null;
  discount: Money | null;
  shipping: Money | null;
  tax: Money | null;
  total: Money | null;
  itemCount: number;
}

/** A promotion the cart's price includes now. */
export interface CartPromotion {
  id: string;
  code?: string;
  name: string;
  amount: Money;
}

export interface MergeReport {
  /** SKUs new to the customer's cart. */
  added: string[];
  /** SKUs already there whose quantities were added up. */
  increased: string[];
  /** SKUs whose added-up quantity was cut to the per-line maximum. */
  capped: string[];
  /** SKUs left out: over the lines limit, or priced in another currency. */
  dropped: string[];
}

export interface CartView {
  lines: PricedLine[];
  totals: CartTotals;
  /** Coupon codes on the cart (normalised: trimmed, upper case), oldest first. */
  coupons: string[];
  promotions: CartPromotion[];
  /** Codes on the cart that do not apply now (a condition no longer met, expired), with why; they stay until removed. */
  refusedCoupons: { code: string; reason: CouponRefusal; message: string }[];
  /** `estimated` once the cart has a shipping address (tax is 0 before). */
  tax: { estimated: boolean; pricesIncludeTax: boolean };
  /** `unavailable` when discounts could not price the cart: shown without discounts or tax, and checkout is refused. */
  pricing: 'ok' | 'unavailable';
  shippingAddress: CartAddress | null;
  /** The chosen shipping quote; null when none is chosen. */
  shipping: CartShipping | null;
  /** When the cart expires unless written again; null for a cart never written. */
  expiresAt: number | null;
  /** Only in the answer to the anonymous write that created the cart: send it back as `X-Cart-Token`. */
  cartToken?: string;
  /** While an order's checkout holds the cart: changes are refused (409 CART_IN_CHECKOUT) until it ends. */
  checkoutOrderId?: string;
  /** Only in the answer to `POST /api/cart/merge`; null when there was nothing to merge. */
  merge?: MergeReport | null;
}

/** One variant as `products.variantsBySku` returns it (the contract between the services). */
export interface CatalogVariant {
  sku: string;
  productId: string;
  productName: string;
  slug: string;
  productStatus: 'draft' | 'active' | 'archived';
  /** The price in effect now. */
  price: Money | null;
  attributes: Record<string, string>;
  image?: string;
  /** The variant's tax class (`standard` when the catalog names none). */
  taxClass: TaxClass;
  /** The product's category and its ancestors' ids, root first; empty when uncategorised. */
  categoryPath: string[];
  /** Shipping weight per unit in grams; absent when the catalog has none (quoted as 0 g, reported unweighed). */
  weightG?: number;
  dimensionsMm?: { l: number; w: number; h: number };
}

export interface CartLimits {
  maxLines: number;
  maxQuantity: number;
  maxCoupons: number;
}
