import type { Money } from '../../../mixins/validation/money';
import { allocate } from '../../pricing/pricing.allocate';
import type { PriceLine } from '../discounts.contract';
import { lineMatches } from './promotion.match';
import type { Action, Promotion } from './promotion.types';

/**
 * What one promotion's actions see: the lines, what is left on each for its target (goods or
 * shipping, after every promotion applied before it) and which lines its target selects.
 */
export interface ActionInput {
  currency: string;
  lines: readonly PriceLine[];
  bases: readonly number[];
  selected: readonly boolean[];
}

const bpsOf = (percent: number) => BigInt(Math.round(percent * 100));
/** Rounded down to the minor unit: a discount never exceeds what it says, and 100 % is the whole base. */
const percentOf = (base: number, percent: number) => Number((BigInt(base) * bpsOf(percent)) / 10000n);
const inCurrency = (amounts: readonly Money[] | undefined, currency: string) =>
  amounts?.find((m) => m.currency === currency)?.amount;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Per line, what one action takes off; never more than the line's base. */
export function actionAmounts(action: Action, input: ActionInput): number[] {
  const weights = input.bases.map((b, i) => (input.selected[i] ? b : 0));
  const base = sum(weights);
  const spread = (amount: number) => allocate(Math.min(amount, base), weights);
  switch (action.type) {
    case 'percentage':
      return spread(percentOf(base, action.percent));
    case 'fixed':
      return spread(inCurrency(action.amounts, input.currency) ?? 0);
    case 'freeShipping':
      return weights;
    case 'tiered': {
      const reached = action.tiers
        .filter((t) => t.minSubtotal.currency === input.currency && t.minSubtotal.amount <= base)
        .sort((a, b) => b.minSubtotal.amount - a.minSubtotal.amount)[0];
      if (!reached) return weights.map(() => 0);
      return spread(reached.amount ? reached.amount.amount : percentOf(base, reached.percent!));
    }
    case 'buyXGetY':
      return buyXGetY(action, input);
  }
}

/**
 * Each group of `buy.quantity` matching units earns `get.quantity` discounted units: of `get.sku`
 * when given (a get SKU that also matches `buy` is counted in the group), else the cheapest
 * matching units (catalog price, ties by SKU). A line with k of q units discounted gives
 * floor(base × k/q × percent), so its share of earlier discounts is respected.
 */
function buyXGetY(action: Extract<Action, { type: 'buyXGetY' }>, input: ActionInput): number[] {
  const { buy, get } = action;
  const matching = input.lines.map((l) => lineMatches(l, buy));
  const units = sum(input.lines.map((l, i) => (matching[i] ? l.quantity : 0)));
  const free = input.lines.map(() => 0);
  if (get.sku !== undefined) {
    const at = input.lines.findIndex((l) => l.sku === get.sku);
    if (at < 0) return free;
    const times = Math.floor(units / (buy.quantity + (matching[at] ? get.quantity : 0)));
    free[at] = Math.min(times * get.quantity, input.lines[at].quantity);
  } else {
    let left = Math.floor(units / (buy.quantity + get.quantity)) * get.quantity;
    const cheapest = input.lines
      .map((l, i) => ({ l, i }))
      .filter(({ i }) => matching[i])
      .sort((a, b) => a.l.unitPrice - b.l.unitPrice || (a.l.sku < b.l.sku ? -1 : a.l.sku > b.l.sku ? 1 : 0));
    for (const { l, i } of cheapest) {
      free[i] = Math.min(left, l.quantity);
      left -= free[i];
    }
  }
  return input.lines.map((l, i) =>
    free[i] === 0 ? 0 : Number((BigInt(input.bases[i]) * BigInt(free[i]) * bpsOf(get.percent)) / (BigInt(l.quantity) * 10000n)),
  );
}

/**
 * Per line, what a promotion takes off: its actions in order, each on what the previous left,
 * then capped by `maxDiscount` (the cap is spread over the lines by largest remainder).
 */
export function promotionAmounts(p: Pick<Promotion, 'actions' | 'maxDiscount'>, input: ActionInput): number[] {
  let left = [...input.bases];
  let total = input.bases.map(() => 0);
  for (const action of p.actions) {
    const taken = actionAmounts(action, { ...input, bases: left });
    left = left.map((b, i) => b - taken[i]);
    total = total.map((t, i) => t + taken[i]);
  }
  const cap = inCurrency(p.maxDiscount, input.currency);
  return cap !== undefined && sum(total) > cap ? allocate(cap, total) : total;
}
