import type { TaxClass } from '../discounts.contract';

/** `shipping` is the class the shipping charge is taxed at; a region without one falls back to `standard`. */
export const TAX_RATE_CLASSES = ['standard', 'reduced', 'zero', 'shipping'] as const;
export type TaxRateClass = TaxClass | 'shipping';

/** One rate. The most specific wins: country + region over country alone. */
export interface TaxRate {
  id: string;
  /** ISO 3166-1 alpha-2, upper-case. */
  country: string;
  /** State or region code, upper-case; absent = the whole country. */
  region?: string;
  taxClass: TaxRateClass;
  /** Basis points: 825 = 8.25 %. */
  rateBps: number;
}

/**
 * Whether catalog prices (and the shipping charge) are entered with tax included. A country
 * setting, when the address's country has one, wins over the currency's; neither means exclusive.
 */
export interface TaxSettings {
  inclusiveByCurrency?: Record<string, boolean>;
  inclusiveByCountry?: Record<string, boolean>;
}
