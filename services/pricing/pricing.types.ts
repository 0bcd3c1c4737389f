import { RuleError } from '../../mixins/validation/rule-error';

/**
 * The pricing pipeline's vocabulary. Amounts are integer minor units of one currency; an
 * adjustment's amount is never negative, its kind says which way it moves the total.
 */
export type AdjustmentKind = 'discount' | 'shipping' | 'tax';

/** Where an adjustment came from, so a refund or an audit can name it. */
export type AdjustmentSourceRef =
  { type: 'promotion'; id: string } | { type: 'shipping_quote'; id: string } | { type: 'tax_rate'; id: string };

/**
 * What a source proposes. With `sku` it applies to that line; without, it is an order-level
 * amount the pipeline allocates over the lines.
 */
export interface ProposedAdjustment {
  kind: AdjustmentKind;
  source: AdjustmentSourceRef;
  amount: number;
  sku?: string;
}

/**
 * An adjustment as a line carries it. `perUnit` is what each unit bears; the first `remainder`
 * units bear one minor unit more, so `perUnit × quantity + remainder = amount` exactly.
 */
export interface LineAdjustment {
  kind: AdjustmentKind;
  source: AdjustmentSourceRef;
  amount: number;
  perUnit: number;
  remainder: number;
}

export interface PricingLineInput {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** The line as the pipeline ends it: `total = subtotal - discount + shipping + tax`. */
export interface PricedLineResult extends PricingLineInput {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  adjustments: LineAdjustment[];
}

export interface PricingTotals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
}

/** What a source sees: the lines as priced so far (a tax source sees discounts and shipping already applied). */
export interface PricingContext {
  currency: string;
  lines: readonly Readonly<PricedLineResult>[];
}

/** A cart or order context in, adjustments out. Promotions, shipping and tax plug in here. */
export type AdjustmentSource = (ctx: PricingContext) => ProposedAdjustment[];

/** The stages in pipeline order; each may have several sources, or none. */
export interface PricingSources {
  lineAdjustments?: AdjustmentSource[];
  orderAdjustments?: AdjustmentSource[];
  shipping?: AdjustmentSource[];
  tax?: AdjustmentSource[];
}

export interface PricingResult {
  currency: string;
  lines: PricedLineResult[];
  totals: PricingTotals;
}

export type PricingProblem = 'INVALID_AMOUNT' | 'TOTAL_TOO_LARGE' | 'UNKNOWN_LINE' | 'ADJUSTMENT_TOO_LARGE';

/** A refusal from the pure pipeline; carts and orders answer it as a 409 with its code. */
export class PricingError extends RuleError<PricingProblem> {}
