import type { PriceLine } from '../discounts.contract';
import { actionAmounts, promotionAmounts, type ActionInput } from './promotion.actions';
import { conditionHolds, selectedLines, type MatchContext } from './promotion.match';
import type { Action, Condition, Promotion } from './promotion.types';

const line = (sku: string, quantity: number, unitPrice: number, categoryPath: string[] = []): PriceLine => ({
  sku,
  productId: `p-${sku}`,
  categoryPath,
  quantity,
  unitPrice,
});
const lines = [line('A', 2, 1000, ['shoes', 'clothing']), line('B', 1, 333, ['hats']), line('C', 3, 250)];
const input = (over: Partial<ActionInput> = {}): ActionInput => ({
  currency: 'EUR',
  lines,
  bases: lines.map((l) => l.quantity * l.unitPrice),
  selected: lines.map(() => true),
  ...over,
});
const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('conditions', () => {
  const ctx: MatchContext = { currency: 'EUR', lines, subtotal: 3083, customer: { groups: ['vip'], roles: ['customer'] } };
  it.each([
    [{ type: 'subtotalAtLeast', amounts: [eur(3083)] }, true],
    [{ type: 'subtotalAtLeast', amounts: [eur(3084)] }, false],
    [{ type: 'subtotalAtLeast', amounts: [{ amount: 1, currency: 'USD' }] }, false],
    [{ type: 'containsSkus', skus: ['A', 'B'], minQuantity: 3 }, true],
    [{ type: 'containsSkus', skus: ['A', 'B'], minQuantity: 4 }, false],
    [{ type: 'containsProducts', productIds: ['p-C'] }, true],
    [{ type: 'inCategory', categoryIds: ['clothing'] }, true],
    [{ type: 'inCategory', categoryIds: ['toys'] }, false],
    [{ type: 'firstOrder' }, false],
    [{ type: 'customerGroup', groups: ['vip'] }, true],
    [{ type: 'customerRole', roles: ['admin'] }, false],
    [{ type: 'currency', currencies: ['EUR'] }, true],
  ] as [Condition, boolean][])('%j holds: %s', (condition, holds) => {
    expect(conditionHolds(condition, ctx)).toBe(holds);
  });

  it('a lines target selects what any line condition names (categories through the path), or every line', () => {
    expect(
      selectedLines({ conditions: [{ type: 'inCategory', categoryIds: ['clothing'] }, { type: 'firstOrder' }] }, lines),
    ).toEqual([true, false, false]);
    expect(selectedLines({ conditions: [] }, lines)).toEqual([true, true, true]);
  });
});

describe('actions', () => {
  it('percentage is taken of the whole base, rounded down, and spread by largest remainder', () => {
    expect(actionAmounts({ type: 'percentage', percent: 10 }, input())).toEqual([200, 33, 75]);
    expect(actionAmounts({ type: 'percentage', percent: 12.5 }, input({ selected: [true, true, false] }))).toEqual([249, 42, 0]);
    expect(actionAmounts({ type: 'percentage', percent: 100 }, input())).toEqual([2000, 333, 750]);
  });

  it('fixed takes the currency amount, never more than the base', () => {
    expect(actionAmounts({ type: 'fixed', amounts: [eur(1000)] }, input())).toEqual([649, 108, 243]);
    expect(actionAmounts({ type: 'fixed', amounts: [eur(10 ** 9)] }, input())).toEqual([2000, 333, 750]);
    expect(actionAmounts({ type: 'fixed', amounts: [{ amount: 500, currency: 'USD' }] }, input())).toEqual([0, 0, 0]);
  });

  it('tiered applies the highest tier reached', () => {
    const tiered: Action = {
      type: 'tiered',
      tiers: [
        { minSubtotal: eur(1000), amount: eur(100) },
        { minSubtotal: eur(3000), percent: 10 },
        { minSubtotal: eur(5000), amount: eur(1000) },
      ],
    };
    expect(actionAmounts(tiered, input()).reduce((a, b) => a + b)).toBe(308);
    expect(actionAmounts(tiered, input({ selected: [true, false, false] })).reduce((a, b) => a + b)).toBe(100);
    expect(actionAmounts(tiered, input({ selected: [false, true, false] }))).toEqual([0, 0, 0]);
  });

  it('free shipping takes every line shipping base', () => {
    expect(actionAmounts({ type: 'freeShipping' }, input({ bases: [300, 0, 200] }))).toEqual([300, 0, 200]);
  });

  it('buy X get Y: the cheapest matching units, or a given SKU', () => {
    const shoes = [line('A', 2, 1000), line('B', 3, 400), line('C', 1, 900)];
    const on = (bases = shoes.map((l) => l.quantity * l.unitPrice)) => input({ lines: shoes, bases });
    const buy2get1: Extract<Action, { type: 'buyXGetY' }> = {
      type: 'buyXGetY',
      buy: { skus: ['A', 'B', 'C'], quantity: 2 },
      get: { quantity: 1, percent: 100 },
    };
    expect(actionAmounts(buy2get1, on())).toEqual([0, 800, 0]);
    const half = { ...buy2get1, get: { quantity: 1, percent: 50 } };
    expect(actionAmounts(half, on([2000, 1000, 900]))).toEqual([0, 333, 0]);
    const getC: Extract<Action, { type: 'buyXGetY' }> = {
      type: 'buyXGetY',
      buy: { skus: ['A'], quantity: 2 },
      get: { quantity: 1, sku: 'C', percent: 100 },
    };
    expect(actionAmounts(getC, on())).toEqual([0, 0, 900]);
    const getA = { ...getC, get: { quantity: 1, sku: 'A', percent: 100 } };
    expect(actionAmounts(getA, on())).toEqual([0, 0, 0]);
    expect(actionAmounts({ ...getA, buy: { skus: ['A'], quantity: 1 } }, on())).toEqual([1000, 0, 0]);
  });

  it('a promotion applies its actions in order on what is left, then caps, never below zero', () => {
    const p: Pick<Promotion, 'actions'> = {
      actions: [
        { type: 'fixed', amounts: [eur(1000)] },
        { type: 'percentage', percent: 50 },
      ],
    };
    expect(promotionAmounts(p, input())).toEqual([1324, 221, 496]);
    expect(promotionAmounts({ ...p, maxDiscount: [eur(100)] }, input())).toEqual([65, 11, 24]);
    expect(promotionAmounts({ actions: [{ type: 'percentage', percent: 100 }, ...p.actions] }, input())).toEqual(input().bases);
  });
});
