import { priceOrder } from '../../pricing/pricing.pipeline';
import { PricingError, type PricingResult } from '../../pricing/pricing.types';
import type { AppliedPromotion, AppliedTaxRate, PriceAnswer, PriceRequest } from '../discounts.contract';
import type { MatchContext } from './promotion.match';
import { pricingSources, promotionSource } from './promotion.source';
import { choosePromotions, type Chosen } from './promotion.stacking';
import type { Promotion } from './promotion.types';
import { pricesIncludeTax, taxSource } from './tax.domain';
import type { TaxRate, TaxSettings } from './tax.types';

export interface PriceInputs {
  /** The index's candidates for this request, plus every promotion a request code names (any status). */
  candidates: readonly Promotion[];
  /** Promotions whose total or per-customer limit is used up, by the service's counters. */
  limitReached: ReadonlySet<string>;
  /** Normalised code → promotion id, batch codes included. */
  codeToPromotion: ReadonlyMap<string, string>;
  rates: readonly TaxRate[];
  settings: TaxSettings;
}

/**
 * Prices a cart or an order with its promotions and tax through the one pricing pipeline. Pure:
 * the same request and inputs always give the same answer (pass `request.at` for that).
 */
export function priceWithDiscounts(request: PriceRequest, inputs: PriceInputs): PriceAnswer {
  const seen = new Set<string>();
  for (const l of request.lines) {
    if (seen.has(l.sku)) throw new PricingError('DUPLICATE_LINE', `Two lines for ${l.sku}`, { sku: l.sku });
    seen.add(l.sku);
  }
  const run = (chosen: readonly Chosen[], withTax = false) =>
    priceOrder(request.currency, request.lines, pricingSources(chosen, request, withTax ? tax : undefined));
  // The lines with their shipping share and no promotion: what conditions and stacking deals read.
  const bare = run([]);
  const match: MatchContext = {
    currency: request.currency,
    lines: request.lines,
    customer: request.customer,
    subtotal: bare.totals.subtotal,
  };
  const { chosen, refused } = choosePromotions({
    candidates: inputs.candidates,
    codes: request.codes,
    codeToPromotion: inputs.codeToPromotion,
    limitReached: inputs.limitReached,
    at: request.at ?? Date.now(),
    match,
    // A promotion alone takes off what its source proposes on the bare lines (no pipeline run per deal).
    dealOf: (p) => promotionSource({ promotion: p }, request)(bare).reduce((n, a) => n + a.amount, 0),
  });

  const inclusive = pricesIncludeTax(inputs.settings, request.currency, request.address?.country);
  const used = new Map<string, TaxRate>();
  const classOf = new Map(request.lines.map((l) => [l.sku, l.taxClass]));
  const tax = request.address
    ? taxSource({
        rates: inputs.rates,
        address: request.address,
        inclusive,
        classOf: (sku) => classOf.get(sku),
        used: (r) => used.set(r.id, r),
      })
    : undefined;
  const pricing = run(chosen, true);
  return {
    pricing,
    applied: appliedOf(chosen, pricing),
    refusedCodes: refused,
    tax: { estimated: tax !== undefined, pricesIncludeTax: inclusive, rates: [...used.values()].sort(byId).map(appliedRate) },
  };
}

/** Each chosen promotion with what it took off; an automatic one that took nothing is not listed. */
function appliedOf(chosen: readonly Chosen[], pricing: PricingResult): AppliedPromotion[] {
  const amounts = new Map<string, number>();
  for (const line of pricing.lines)
    for (const a of line.adjustments)
      if (a.kind === 'discount' && a.source.type === 'promotion')
        amounts.set(a.source.id, (amounts.get(a.source.id) ?? 0) + a.amount);
  return chosen
    .map(({ promotion: p, code }) => ({
      promotionId: p.id,
      version: p.version,
      name: p.name,
      target: p.target,
      amount: amounts.get(p.id) ?? 0,
      ...(code === undefined ? {} : { code }),
    }))
    .filter((a) => a.amount > 0 || a.code !== undefined);
}

const byId = (a: TaxRate, b: TaxRate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const appliedRate = (r: TaxRate): AppliedTaxRate => ({
  id: r.id,
  country: r.country,
  taxClass: r.taxClass,
  rateBps: r.rateBps,
  ...(r.region === undefined ? {} : { region: r.region }),
});
