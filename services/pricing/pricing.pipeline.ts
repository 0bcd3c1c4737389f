import { allocate, perUnit, safeAmount, wholeAmount } from './pricing.allocate';
import {
  PricingError,
  type AdjustmentKind,
  type AdjustmentSource,
  type PricedLineResult,
  type PricingLineInput,
  type PricingResult,
  type PricingSources,
  type PricingTotals,
  type ProposedAdjustment,
} from './pricing.types';

const KINDS: Record<keyof PricingSources, AdjustmentKind> = {
  lineAdjustments: 'discount',
  orderAdjustments: 'discount',
  shipping: 'shipping',
  shippingAdjustments: 'discount',
  tax: 'tax',
};
const STAGES = Object.keys(KINDS) as (keyof PricingSources)[];

/**
 * The one place totals are computed, for carts and orders alike:
 * lines → line adjustments → order-level adjustments allocated to lines → shipping → shipping
 * discounts → tax per line → totals. Order-level amounts are split over the lines by what each line costs at that point
 * (largest remainder), so the line amounts always add up to the order amount, and the totals are
 * the sum of the lines by construction.
 */
export function priceOrder(currency: string, input: readonly PricingLineInput[], sources: PricingSources = {}): PricingResult {
  let lines = input.map(startLine);
  for (const stage of STAGES) {
    for (const source of sources[stage] ?? []) lines = apply(lines, currency, stage, source);
  }
  return { currency, lines, totals: sumLines(lines) };
}

function startLine(line: PricingLineInput): PricedLineResult {
  const unitPrice = wholeAmount(line.unitPrice, `The price of ${line.sku}`);
  const quantity = wholeAmount(line.quantity, `The quantity of ${line.sku}`, 1);
  const subtotal = safeAmount(BigInt(unitPrice) * BigInt(quantity), `The line total of ${line.sku}`);
  return { sku: line.sku, quantity, unitPrice, subtotal, discount: 0, shipping: 0, tax: 0, total: subtotal, adjustments: [] };
}

function apply(lines: PricedLineResult[], currency: string, stage: keyof PricingSources, source: AdjustmentSource) {
  const next = lines.map((l) => ({ ...l, adjustments: [...l.adjustments] }));
  for (const proposed of source({ currency, lines })) {
    if (proposed.kind !== KINDS[stage])
      throw new PricingError('INVALID_AMOUNT', `A ${stage} source proposed a ${proposed.kind}`, { source: proposed.source });
    wholeAmount(proposed.amount, `The ${proposed.kind} from ${proposed.source.type} ${proposed.source.id}`);
    const shares =
      proposed.sku === undefined
        ? allocate(
            proposed.amount,
            next.map((l) => l.total),
          )
        : onLine(next, proposed);
    shares.forEach((amount, i) => {
      if (amount > 0) addTo(next[i], proposed, amount);
    });
  }
  return next;
}

function onLine(lines: PricedLineResult[], proposed: ProposedAdjustment): number[] {
  const at = lines.findIndex((l) => l.sku === proposed.sku);
  if (at < 0) throw new PricingError('UNKNOWN_LINE', `No line for ${proposed.sku}`, { sku: proposed.sku });
  return lines.map((_, i) => (i === at ? proposed.amount : 0));
}

function addTo(line: PricedLineResult, proposed: ProposedAdjustment, amount: number): void {
  // An included tax is already inside the price: it is shown, not added.
  const sign = proposed.kind === 'discount' ? -1n : proposed.included ? 0n : 1n;
  const total = BigInt(line.total) + sign * BigInt(amount);
  if (total < 0n)
    throw new PricingError('ADJUSTMENT_TOO_LARGE', `A discount is larger than what ${line.sku} costs`, { sku: line.sku });
  line[proposed.kind] = safeAmount(BigInt(line[proposed.kind]) + BigInt(amount), `The ${proposed.kind} of ${line.sku}`);
  line.total = safeAmount(total, `The line total of ${line.sku}`);
  const { rateBps, included } = proposed;
  line.adjustments.push({
    kind: proposed.kind,
    source: proposed.source,
    amount,
    ...perUnit(amount, line.quantity),
    ...(rateBps === undefined ? {} : { rateBps }),
    ...(included ? { included } : {}),
  });
}

/** Totals are the sum of the lines, never computed on their own. */
export function sumLines(lines: readonly Pick<PricedLineResult, keyof PricingTotals>[]): PricingTotals {
  const sum = (k: keyof PricingTotals) =>
    safeAmount(
      lines.reduce((n, l) => n + BigInt(l[k]), 0n),
      `The ${k}`,
    );
  return {
    subtotal: sum('subtotal'),
    discount: sum('discount'),
    shipping: sum('shipping'),
    tax: sum('tax'),
    total: sum('total'),
  };
}
