import { RuleError } from '../../mixins/validation/rule-error';

/**
 * The pricing pipeline's vocabulary. Amounts are integer minor units of one currency; an
 * adjustment's amount is never negative, its kind says which way it moves the total.
 */
export type AdjustmentKind = 'discount' | 'shipping' | 'tax';

/** Where an adjustment came from, so a refund or an audit can name it. */
export type AdjustmentSourceRef =
  | {
      type: 'promotion';
      id: string;
      /** The promotion's version when applied, the code that brought it and what it targeted. */
      version?: number;
      code?: string;
      target?: 'order' | 'lines' | 'shipping';
    }
  | { type: 'shipping_quote'; id: string }
  | { type: 'tax_rate'; id: string };

/**
 * A tax adjustment's rate in basis points, and whether the tax is already inside the price
 * (tax-inclusive prices): an included tax is recorded on the line but does not grow its total.
 */
export interface TaxDetail {
  rateBps?: number;
  included?: boolean;
}

/**
 * What a source proposes. With `sku` it applies to that line; without, it is an order-level
 * amount the pipeline allocates over the lines.
 */
export interface ProposedAdjustment extends TaxDetail {
  kind: AdjustmentKind;
  source: AdjustmentSourceRef;
  amount: number;
  sku?: string;
}

/**
 * An adjustment as a line carries it. `perUnit` is what each unit bears; the first `remainder`
 * units bear one minor unit more, so `perUnit × quantity + remainder = amount` exactly.
 */
export interface LineAdjustment extends TaxDetail {
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

/** The line as the pipeline ends it: `total = subtotal - discount + shipping + tax` (tax not included in the prices). */
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
  /** Discounts on the shipping charge, after it is on the lines and before tax. */
  shippingAdjustments?: AdjustmentSource[];
  tax?: AdjustmentSource[];
}

export interface PricingResult {
  currency: string;
  lines: PricedLineResult[];
  totals: PricingTotals;
}

export type PricingProblem = 'INVALID_AMOUNT' | 'TOTAL_TOO_LARGE' | 'UNKNOWN_LINE' | 'DUPLICATE_LINE' | 'ADJUSTMENT_TOO_LARGE';

/** A refusal from the pure pipeline; carts and orders answer it as a 409 with its code. */
export class PricingError extends RuleError<PricingProblem> {}
