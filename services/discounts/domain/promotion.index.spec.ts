import { priceWithDiscounts } from './price.domain';
import { inputs, line, promo, request } from './price.fixtures';
import { PromotionIndex } from './promotion.index';
import type { Promotion } from './promotion.types';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** A promotion that counts every read of its rules once armed: evaluating it would read them. */
function watched(p: Promotion, reads: { armed: boolean; count: number }): Promotion {
  const { conditions, actions } = p;
  return Object.defineProperties(
    { ...p },
    {
      conditions: { get: () => (reads.armed && reads.count++, conditions), enumerable: true },
      actions: { get: () => (reads.armed && reads.count++, actions), enumerable: true },
    },
  );
}

const relevant = [
  promo('sku-a', { conditions: [{ type: 'containsSkus', skus: ['A'] }] }),
  promo('prod-b', { conditions: [{ type: 'containsProducts', productIds: ['p-B'] }] }),
  promo('cat-shoes', { conditions: [{ type: 'inCategory', categoryIds: ['shoes'] }] }),
  promo('vip', { conditions: [{ type: 'customerGroup', groups: ['vip'] }] }),
  promo('first', { conditions: [{ type: 'firstOrder' }] }),
  promo('over-20', { conditions: [{ type: 'subtotalAtLeast', amounts: [usd(2000)] }] }),
  promo('usd', { conditions: [{ type: 'currency', currencies: ['USD'] }] }),
  promo('bxgy-a', { actions: [{ type: 'buyXGetY', buy: { skus: ['A'], quantity: 1 }, get: { quantity: 1, percent: 100 } }] }),
  promo('everyone'),
  promo('coupon', { code: 'SAVE10' }),
  promo('archived-coupon', { code: 'OLD', status: 'archived' }),
  promo('batch', { hasBatchCodes: true }),
];
const irrelevant = (i: number): Promotion[] => [
  promo(`x-sku-${i}`, { conditions: [{ type: 'containsSkus', skus: [`X${i}`] }] }),
  promo(`x-cat-${i}`, { conditions: [{ type: 'inCategory', categoryIds: [`c${i}`] }] }),
  promo(`x-group-${i}`, {
    conditions: [
      { type: 'customerGroup', groups: [`g${i}`] },
      { type: 'containsProducts', productIds: ['p-A'] },
    ].reverse() as Promotion['conditions'],
  }),
  promo(`x-over-${i}`, { conditions: [{ type: 'subtotalAtLeast', amounts: [usd(100_000 + i)] }] }),
  promo(`x-eur-${i}`, { conditions: [{ type: 'currency', currencies: ['EUR'] }] }),
  promo(`x-draft-${i}`, { status: 'draft' }),
  promo(`x-code-${i}`, { code: `CODE${i}` }),
];
const cart = request({
  lines: [line('A', 2, 1000), line('B', 1, 500, { categoryPath: ['boots', 'shoes'] })],
  customer: { groups: ['vip'], firstOrder: true },
  codes: ['save10', 'OLD', 'B-1'],
});
const batchCodes = new Map([['B-1', 'batch']]);

describe('promotion index', () => {
  it('answers only the promotions the request can reach', () => {
    const index = new PromotionIndex([...relevant, ...Array.from({ length: 200 }, (_, i) => irrelevant(i)).flat()]);
    expect(index.size).toBe(relevant.length + 1400);
    expect(index.candidates(cart, batchCodes).map((p) => p.id)).toEqual(relevant.map((p) => p.id).sort());
    const bare = request({ lines: [line('Z', 1, 10)], currency: 'EUR' });
    expect(index.candidates(bare).map((p) => p.id)).toEqual(
      ['everyone', ...Array.from({ length: 200 }, (_, i) => `x-eur-${i}`)].sort(),
    );
  });

  it('pricing through the index never reads the rules of a promotion the request cannot reach', () => {
    const reads = { armed: false, count: 0 };
    const others = Array.from({ length: 200 }, (_, i) => irrelevant(i).map((p) => watched(p, reads))).flat();
    const index = new PromotionIndex([...relevant, ...others]);
    reads.armed = true;
    const answer = priceWithDiscounts(cart, inputs(index.candidates(cart, batchCodes), { codeToPromotion: batchCodes }));
    expect(reads.count).toBe(0);
    expect(answer.applied.length).toBeGreaterThan(5);
    const control = watched(relevant[0], reads);
    priceWithDiscounts(cart, inputs(new PromotionIndex([control]).candidates(cart)));
    expect(reads.count).toBeGreaterThan(0);
  });

  it('a code names its active promotion over an archived one that once had it', () => {
    const index = new PromotionIndex([promo('new', { code: 'SAVE' }), promo('old', { code: 'SAVE', status: 'archived' })]);
    expect(index.candidates(request({ codes: ['save'] })).map((p) => p.id)).toContain('new');
    expect(index.get('old')?.status).toBe('archived');
  });
});
