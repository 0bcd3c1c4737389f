import type { AdjustmentSource, PricedLineResult, ProposedAdjustment } from '../../pricing/pricing.types';
import type { PriceAddress, TaxClass } from '../discounts.contract';
import type { TaxRate, TaxRateClass, TaxSettings } from './tax.types';

/**
 * Round half up, for a non-negative n / d: floor((2n + d) / 2d). The one rounding rule of tax:
 * applied once per line per rate, to that line's whole base at that rate.
 */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/**
 * Tax on `base` minor units at `bps`. Exclusive prices: round(base × bps / 10000), added on top.
 * Inclusive prices: the tax inside base, round(base × bps / (10000 + bps)); the total does not grow.
 */
export function taxOn(base: number, bps: number, inclusive: boolean): number {
  const b = BigInt(bps);
  return Number(roundHalfUp(BigInt(base) * b, inclusive ? 10000n + b : 10000n));
}

/**
 * The most specific rate of one class for an address: country + region over the country alone.
 * Rate regions are upper-case codes; an address's region is typed by people, so `ca` finds `CA`.
 */
function rateOf(rates: readonly TaxRate[], at: PriceAddress, taxClass: TaxRateClass): TaxRate | undefined {
  const inCountry = rates.filter((r) => r.country === at.country && r.taxClass === taxClass);
  const region = at.region?.trim().toUpperCase();
  return (
    (region !== undefined ? inCountry.find((r) => r.region === region) : undefined) ??
    inCountry.find((r) => r.region === undefined)
  );
}

/**
 * The rate a line's goods are taxed at: its class's rate; `zero` without a rate is untaxed; any
 * other class without one falls back to `standard`. Shipping: the `shipping` class, else `standard`.
 */
export function goodsRate(rates: readonly TaxRate[], at: PriceAddress, taxClass: TaxClass = 'standard'): TaxRate | undefined {
  const own = rateOf(rates, at, taxClass);
  return own ?? (taxClass === 'zero' ? undefined : rateOf(rates, at, 'standard'));
}
export const shippingRate = (rates: readonly TaxRate[], at: PriceAddress): TaxRate | undefined =>
  rateOf(rates, at, 'shipping') ?? rateOf(rates, at, 'standard');

/** A country setting (for the address's country) wins over the currency's; neither means exclusive. */
export function pricesIncludeTax(settings: TaxSettings, currency: string, country?: string): boolean {
  const byCountry = country === undefined ? undefined : settings.inclusiveByCountry?.[country];
  return byCountry ?? settings.inclusiveByCurrency?.[currency] ?? false;
}

/** What a line's shipping charge still costs after the discounts that targeted shipping. */
export function shippingLeft(line: Readonly<PricedLineResult>): number {
  const off = line.adjustments
    .filter((a) => a.kind === 'discount' && a.source.type === 'promotion' && a.source.target === 'shipping')
    .reduce((n, a) => n + a.amount, 0);
  return line.shipping - off;
}

export interface TaxSourceInput {
  rates: readonly TaxRate[];
  address: PriceAddress;
  inclusive: boolean;
  /** Each line's tax class, by SKU (absent = standard). */
  classOf: (sku: string) => TaxClass | undefined;
  /** Called with every rate that taxed something, so the answer can name them. */
  used?: (rate: TaxRate) => void;
}

/**
 * The tax stage: per line, the goods after the line's share of every discount at the goods rate,
 * and the shipping share after shipping discounts at the shipping rate. Bases at the same rate are
 * added before rounding, so each line rounds once per rate.
 */
export function taxSource(input: TaxSourceInput): AdjustmentSource {
  return (ctx) => {
    const out: ProposedAdjustment[] = [];
    for (const line of ctx.lines) {
      const ship = shippingLeft(line);
      const bases = new Map<string, { rate: TaxRate; base: number }>();
      const add = (rate: TaxRate | undefined, base: number) => {
        if (!rate || base === 0) return;
        bases.set(rate.id, { rate, base: (bases.get(rate.id)?.base ?? 0) + base });
      };
      add(goodsRate(input.rates, input.address, input.classOf(line.sku)), line.total - ship);
      add(shippingRate(input.rates, input.address), ship);
      for (const { rate, base } of bases.values()) {
        input.used?.(rate);
        const amount = taxOn(base, rate.rateBps, input.inclusive);
        const extra = { rateBps: rate.rateBps, ...(input.inclusive ? { included: true } : {}) };
        out.push({ kind: 'tax', source: { type: 'tax_rate', id: rate.id }, amount, sku: line.sku, ...extra });
      }
    }
    return out;
  };
}
