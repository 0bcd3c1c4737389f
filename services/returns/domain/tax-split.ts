import { taxOn } from '../../discounts/domain/tax.domain';
import { allocate } from '../../pricing/pricing.allocate';
import type { LineAdjustment } from '../../pricing/pricing.types';

export interface TaxSplit {
  goods: number;
  shipping: number;
}

/**
 * Which part of a line's tax adjustment taxed its goods and which its shipping share. The tax
 * stage (services/discounts/domain/tax.domain.ts) taxes the goods at the goods rate and the
 * shipping at the shipping rate, adding the bases first when both rates are the same, so a line
 * has one adjustment per rate and keeps no record of which base it came from. It is recovered by
 * recomputing the tax on each candidate base at the adjustment's rate: the combined base (only
 * possible when the line has a single tax adjustment), then the goods, then the shipping. A
 * combined tax, or one that matches no candidate (a rate without `rateBps`), is split in
 * proportion to the bases by largest remainder. Either way goods + shipping = the amount exactly,
 * so an imperfect guess can only move a minor unit between the goods and the shipping refund.
 */
export function splitTax(tax: LineAdjustment, goodsBase: number, shippingBase: number, alone: boolean): TaxSplit {
  const amount = tax.amount;
  if (shippingBase <= 0) return { goods: amount, shipping: 0 };
  if (goodsBase <= 0) return { goods: 0, shipping: amount };
  const proportional = () => {
    const [goods, shipping] = allocate(amount, [goodsBase, shippingBase]);
    return { goods, shipping };
  };
  if (tax.rateBps === undefined) return proportional();
  const on = (base: number) => taxOn(base, tax.rateBps as number, tax.included === true);
  if (alone && on(goodsBase + shippingBase) === amount) return proportional();
  if (on(goodsBase) === amount) return { goods: amount, shipping: 0 };
  if (on(shippingBase) === amount) return { goods: 0, shipping: amount };
  return proportional();
}
