import { promo } from './price.fixtures';
import { choosePromotions, type StackingInput } from './promotion.stacking';
import type { Promotion } from './promotion.types';

const run = (candidates: Promotion[], over: Partial<StackingInput> = {}) =>
  choosePromotions({
    candidates,
    codes: [],
    codeToPromotion: new Map(),
    limitReached: new Set(),
    at: 100,
    match: { currency: 'USD', lines: [], subtotal: 0 },
    dealOf: () => 10,
    ...over,
  });
const ids = (r: ReturnType<typeof run>) => r.chosen.map((c) => c.promotion.id);

describe('stacking', () => {
  it('equal deals in a group: higher priority wins, then the lower id', () => {
    expect(ids(run([promo('b', { stackingGroup: 'g' }), promo('a', { stackingGroup: 'g' })]))).toEqual(['a']);
    expect(ids(run([promo('b', { stackingGroup: 'g', priority: 1 }), promo('a', { stackingGroup: 'g' })]))).toEqual(['b']);
  });

  it('the window is start inclusive, end exclusive; automatic ones out of it are left out silently', () => {
    const r = run([
      promo('on', { startsAt: 100, endsAt: 101 }),
      promo('off', { endsAt: 100 }),
      promo('later', { startsAt: 101 }),
    ]);
    expect(ids(r)).toEqual(['on']);
    expect(r.refused).toEqual([]);
  });

  it('a code given twice applies once; a second code for an applied promotion is not combinable', () => {
    const r = run([promo('p', { code: 'SAVE' })], { codes: ['save', 'SAVE ', 'B-1'], codeToPromotion: new Map([['B-1', 'p']]) });
    expect(r.chosen.map((c) => [c.promotion.id, c.code])).toEqual([['p', 'SAVE']]);
    expect(r.refused.map((x) => [x.code, x.reason])).toEqual([['B-1', 'COUPON_NOT_COMBINABLE']]);
  });

  it('applies by priority, then id, whatever order the candidates come in', () => {
    const ps = [promo('c'), promo('a', { priority: -1 }), promo('b', { priority: 5 }), promo('d')];
    expect(ids(run(ps))).toEqual(['b', 'c', 'd', 'a']);
    expect(ids(run([...ps].reverse()))).toEqual(['b', 'c', 'd', 'a']);
  });
});
