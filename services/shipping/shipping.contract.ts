import type { Money } from '../../mixins/validation/money';
export type { Money } from '../../mixins/validation/money';

/**
 * Zones, methods, rate cards and quotes: the contract between the shipping service, its admin
 * routes, carts (options and the chosen quote) and orders (the quote an order was charged).
 * Shipments and tracking are in shipments.contract.ts. Pure types.
 */

/** One postcode rule, matched after the country's normalisation (upper case, spaces dropped; see domain/postcode.ts). */
export type PostcodeRule =
  /** `SW1A` matches SW1A 1AA; `1011` matches 10115. */
  | { type: 'prefix'; value: string }
  /** Inclusive on both ends, compared as normalised strings of the same length (`10000`–`14999`, `90000`–`96199`). */
  | { type: 'range'; from: string; to: string }
  /** `*` any run of characters, `?` one character (`BT*`, `9??01`); no regular expressions from admins. */
  | { type: 'pattern'; value: string };

export interface ZoneInput {
  name: string;
  /** ISO 3166-1 alpha-2, upper case; at least one. */
  countries: string[];
  /** Region / state codes (ISO 3166-2 suffix, e.g. `CA`, `BY`); empty or absent: all regions. */
  regions?: string[];
  /** Absent: every postcode. With `include`, an address must match one include rule and no exclude rule. */
  postcodes?: { include?: PostcodeRule[]; exclude?: PostcodeRule[] };
  /** Off: never matched (kept for history). Default true. */
  active?: boolean;
}
export interface Zone extends Required<Pick<ZoneInput, 'name' | 'countries'>> {
  id: string;
  regions: string[];
  postcodes: { include: PostcodeRule[]; exclude: PostcodeRule[] };
  active: boolean;
  createdAt: number;
  updatedAt: number;
  version?: number;
}

/**
 * A band `[from, to)`: from-inclusive, to-exclusive (documented edge: a 2,000 g parcel is in the
 * 2,000–5,000 band, not 1,000–2,000). `to` absent: no upper bound. Weights in grams, values in
 * minor units of the card's currency.
 */
export interface RateBand {
  from: number;
  to?: number;
  amount: Money;
}

/** Conditions of the card itself: a method whose conditions exclude the cart is not offered at all. */
export interface RateConditions {
  minWeightG?: number;
  maxWeightG?: number;
  minValue?: Money;
  maxValue?: Money;
  /** Parcels heavier than this are split; the surcharge applies per extra parcel. Default: no limit (one parcel). */
  maxParcelWeightG?: number;
}

export type RateCard = (
  | { type: 'flat'; amount: Money }
  | { type: 'weight'; bands: RateBand[] }
  | { type: 'value'; bands: RateBand[] }
  /** `amount` below the threshold, free at or above it (goods value after discounts). */
  | { type: 'free_over'; amount: Money; threshold: Money }
) & {
  /** Added once per parcel beyond the first. */
  perExtraParcel?: Money;
  conditions?: RateConditions;
};

export const SERVICE_LEVELS = ['standard', 'express', 'pickup'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export interface MethodInput {
  zoneId: string;
  name: string;
  /** Default `standard`. */
  serviceLevel?: ServiceLevel;
  /** A registered carrier id; default `sandbox`. */
  carrier?: string;
  rateCard: RateCard;
  /** Business days; default 2–5 (standard), 1–2 (express), 0–1 (pickup). */
  deliveryDays?: { min: number; max: number };
  active?: boolean;
}
export interface Method extends Required<Omit<MethodInput, 'active'>> {
  id: string;
  active: boolean;
  /** Bumped by every rate-card change; quotes and orders name the version they were priced from. */
  rateVersion: number;
  createdAt: number;
  updatedAt: number;
  version?: number;
}

/** What carts send to price options: the goods after discounts, with weights from the catalog. */
export interface QuoteLine {
  sku: string;
  quantity: number;
  /** Grams per unit; absent counts 0 (and is reported by the quote as `unweighed`). */
  weightG?: number;
  dimensionsMm?: { l: number; w: number; h: number };
}
export interface QuoteAddress {
  country: string;
  region?: string;
  postalCode?: string;
}
export interface QuoteRequest {
  /** The cart the quotes are bound to. */
  cartId: string;
  currency: string;
  lines: QuoteLine[];
  /** Goods value after line and order discounts, before shipping and tax (minor units). */
  goodsValue: number;
  address: QuoteAddress;
}

/** One option as `GET /api/cart/shipping-options` shows it. */
export interface ShippingOption {
  quoteId: string;
  methodId: string;
  name: string;
  carrier: string;
  serviceLevel: ServiceLevel;
  price: Money;
  /** Epoch ms: the earliest and latest expected delivery, from business days after now. */
  estimatedDelivery: { from: number; to: number };
  parcels: number;
  expiresAt: number;
}

/**
 * A stored quote. `fingerprint` is a hash of the cart's id, currency, lines (sku, quantity) and the
 * address (country, region, normalised postcode) it was made for: a cart whose fingerprint differs
 * has a stale quote (409 SHIPPING_QUOTE_STALE at checkout, naming the quote).
 */
export interface Quote extends ShippingOption {
  id: string;
  cartId: string;
  fingerprint: string;
  zoneId: string;
  rateVersion: number;
  createdAt: number;
}

/** `shipping.quote` (internal): options for a cart now, each stored as a quote for `QUOTE_TTL_MS` (default 15 min). */
export interface QuoteAnswer {
  zoneId: string | null;
  options: ShippingOption[];
  /** SKUs without a weight: priced as 0 g. */
  unweighed: string[];
}

/**
 * `shipping.checkQuote {quoteId, cartId, fingerprint}` (internal): the quote if it is this cart's,
 * unexpired and made for this fingerprint; otherwise 409 SHIPPING_QUOTE_STALE with
 * `data: {quoteId, why: 'expired' | 'changed' | 'unknown'}`.
 */
export interface QuoteCheck {
  quoteId: string;
  cartId: string;
  fingerprint: string;
  /** Checkout may hold a quote a little past its expiry while the saga runs; default 0. */
  graceMs?: number;
}

/** What an order keeps of the shipping it was charged (snapshotted from the quote at claim). */
export interface OrderShipping {
  quoteId: string;
  methodId: string;
  name: string;
  carrier: string;
  serviceLevel: ServiceLevel;
  rateVersion: number;
  price: Money;
  estimatedDelivery: { from: number; to: number };
}
