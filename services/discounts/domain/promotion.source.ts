import type { AdjustmentSource, PricingSources, ProposedAdjustment } from '../../pricing/pricing.types';
import type { PriceRequest } from '../discounts.contract';
import { promotionAmounts } from './promotion.actions';
import { selectedLines } from './promotion.match';
import type { Chosen } from './promotion.stacking';
import { shippingLeft } from './tax.domain';

/**
 * One promotion as a pipeline source. It sees the lines as priced so far, so it works on what
 * the promotions before it left: the goods (line total less the shipping still charged) or, for a
 * shipping target, the shipping still charged. Amounts go to named lines, already split.
 */
export function promotionSource({ promotion: p, code }: Chosen, request: PriceRequest): AdjustmentSource {
  const selected = p.target === 'lines' ? selectedLines(p, request.lines) : request.lines.map(() => true);
  const source = {
    type: 'promotion',
    id: p.id,
    version: p.version,
    target: p.target,
    ...(code === undefined ? {} : { code }),
  } as const;
  return (ctx) => {
    const bases = ctx.lines.map((l) => (p.target === 'shipping' ? shippingLeft(l) : l.total - shippingLeft(l)));
    const amounts = promotionAmounts(p, { currency: ctx.currency, lines: request.lines, bases, selected });
    return amounts.flatMap((amount, i): ProposedAdjustment[] =>
      amount > 0 ? [{ kind: 'discount', source, amount, sku: ctx.lines[i].sku }] : [],
    );
  };
}

/** The shipping charge of the request, spread over the lines by what each costs after discounts. */
function shippingSource(shipping: NonNullable<PriceRequest['shipping']>): AdjustmentSource {
  return () => [{ kind: 'shipping', source: { type: 'shipping_quote', id: shipping.quoteId }, amount: shipping.amount }];
}

/** Line-targeted promotions first, then order-targeted, then the shipping charge and its discounts; tax last. */
export function pricingSources(chosen: readonly Chosen[], request: PriceRequest, tax?: AdjustmentSource): PricingSources {
  const stage = (target: Chosen['promotion']['target']) =>
    chosen.filter((c) => c.promotion.target === target).map((c) => promotionSource(c, request));
  return {
    lineAdjustments: stage('lines'),
    orderAdjustments: stage('order'),
    shipping: request.shipping && request.shipping.amount > 0 ? [shippingSource(request.shipping)] : [],
    shippingAdjustments: stage('shipping'),
    tax: tax ? [tax] : [],
  };
}
