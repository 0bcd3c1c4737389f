import { createHash } from 'node:crypto';
import type { QuoteAddress, ServiceLevel } from '../shipping.contract';
import { normalisePostcode } from './postcode';

export interface FingerprintInput {
  cartId: string;
  currency: string;
  lines: readonly { sku: string; quantity: number }[];
  address: QuoteAddress;
  /** Goods after discounts, before shipping and tax (QuoteRequest.goodsValue): value bands and free-over read it. */
  goodsValue: number;
}

const norm = (s: string | undefined) => s?.trim().toUpperCase() ?? '';

/**
 * What a quote is bound to, as sha256 hex over a canonical form: cart id, currency, `sku:qty`
 * sorted by SKU (the same SKU on two lines summed), country, region, normalised postcode and the
 * goods value. Line order, letter case and postcode spacing do not change it; any quantity, address
 * or goods value change does (a coupon taking the cart under a free-over threshold).
 */
export function cartFingerprint({ cartId, currency, lines, address, goodsValue }: FingerprintInput): string {
  const qty = new Map<string, number>();
  for (const l of lines) qty.set(l.sku, (qty.get(l.sku) ?? 0) + l.quantity);
  const skus = [...qty.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const country = norm(address.country);
  const canonical = [
    cartId,
    norm(currency),
    skus.map((s) => `${s}:${qty.get(s)}`),
    country,
    norm(address.region),
    normalisePostcode(country, address.postalCode ?? ''),
    goodsValue,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export const DAY_MS = 86_400_000;
const isWeekend = (t: number) => [0, 6].includes(new Date(t).getUTCDay());

/** `n` business days after `t` (UTC; Saturdays and Sundays skipped), same time of day; 0 on a weekend is Monday. */
export function addBusinessDays(t: number, n: number): number {
  let d = t;
  while (isWeekend(d)) d += DAY_MS;
  for (let i = 0; i < n; i++) {
    d += DAY_MS;
    while (isWeekend(d)) d += DAY_MS;
  }
  return d;
}

/** The expected delivery window, epoch ms, `min`..`max` business days from `now`. */
export function deliveryWindow(now: number, days: { min: number; max: number }): { from: number; to: number } {
  return { from: addBusinessDays(now, days.min), to: addBusinessDays(now, days.max) };
}

const DEFAULT_DAYS: Record<ServiceLevel, { min: number; max: number }> = {
  standard: { min: 2, max: 5 },
  express: { min: 1, max: 2 },
  pickup: { min: 0, max: 1 },
};

/** Business days when a method names none: standard 2–5, express 1–2, pickup 0–1. */
export const defaultDeliveryDays = (level: ServiceLevel): { min: number; max: number } => ({ ...DEFAULT_DAYS[level] });
