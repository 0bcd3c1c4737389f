export type { Money } from '../../mixins/validation/money';
import type { Money } from '../../mixins/validation/money';

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
  version?: number;
};

export type LineStatus = 'ok' | 'unavailable' | 'insufficient_stock' | 'price_missing';

export interface PricedLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money | null;
  lineTotal: Money | null;
  /** Units available now, summed over warehouses. */
  available: number;
  status: LineStatus;
}

/** Minor units of `currency`. Discount, tax and shipping are 0 until their services exist. */
export interface CartTotals {
  currency: string | null;
  subtotal: number;
  discount: number;
  tax: number;
  shipping: number;
  total: number;
  itemCount: number;
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
}

export interface CartLimits {
  maxLines: number;
  maxQuantity: number;
}
