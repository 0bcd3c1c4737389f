import { priceWithDiscounts } from './price.domain';
import { inputs, line, promo, request } from './price.fixtures';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const SAVE10 = promo('p-save10', { code: 'SAVE10', version: 3, limits: { total: 3, perCustomer: 1 } });

describe('priceWithDiscounts', () => {
  it('a coupon takes 10 % off the order, every line carrying its share with the promotion version and code', () => {
    const a = priceWithDiscounts(request({ codes: ['save10'] }), inputs([SAVE10]));
    expect(a.pricing.totals).toEqual({ subtotal: 2500, discount: 250, shipping: 0, tax: 0, total: 2250 });
    expect(a.pricing.lines[0].adjustments).toEqual([
      {
        kind: 'discount',
        source: { type: 'promotion', id: 'p-save10', version: 3, code: 'SAVE10', target: 'order' },
        amount: 200,
        perUnit: 100,
        remainder: 0,
      },
    ]);
    expect(a.applied).toEqual([
      { promotionId: 'p-save10', version: 3, code: 'SAVE10', name: 'p-save10', target: 'order', amount: 250 },
    ]);
    expect(a.refusedCodes).toEqual([]);
    expect(a.tax).toEqual({ estimated: false, pricesIncludeTax: false, rates: [] });
  });

  it('names why each code does not apply', () => {
    const candidates = [
      promo('old', { code: 'OLD', endsAt: 1000 }),
      promo('soon', { code: 'SOON', startsAt: 2_000_000 }),
      promo('draft', { code: 'DRAFT', status: 'draft' }),
      promo('full', { code: 'FULL' }),
      promo('big', { code: 'BIG', conditions: [{ type: 'subtotalAtLeast', amounts: [usd(10_000)] }] }),
      promo('batch', { hasBatchCodes: true }),
    ];
    const codes = ['nope', 'OLD', 'SOON', 'DRAFT', 'FULL', 'BIG', 'B-123', 'B-124'];
    const a = priceWithDiscounts(
      request({ codes }),
      inputs(candidates, {
        limitReached: new Set(['full']),
        codeToPromotion: new Map([
          ['B-123', 'batch'],
          ['B-124', 'batch'],
        ]),
      }),
    );
    expect(a.refusedCodes.map((r) => [r.code, r.reason])).toEqual([
      ['NOPE', 'COUPON_UNKNOWN'],
      ['OLD', 'COUPON_EXPIRED'],
      ['SOON', 'COUPON_INACTIVE'],
      ['DRAFT', 'COUPON_INACTIVE'],
      ['FULL', 'COUPON_LIMIT_REACHED'],
      ['BIG', 'COUPON_CONDITION_NOT_MET'],
      ['B-124', 'COUPON_NOT_COMBINABLE'],
    ]);
    expect(a.applied.map((x) => [x.promotionId, x.code, x.amount])).toEqual([['batch', 'B-123', 250]]);
    expect(a.refusedCodes[0].message).toBe('The code NOPE is not a known code');
  });

  it('in a stacking group the best deal wins (ties by priority, then id); a losing code is not combinable', () => {
    const ten = promo('g-ten', { stackingGroup: 'g' });
    const fixed = promo('g-fixed', { stackingGroup: 'g', code: 'FIVE', actions: [{ type: 'fixed', amounts: [usd(500)] }] });
    const other = promo('other', { actions: [{ type: 'fixed', amounts: [usd(100)] }] });
    const won = priceWithDiscounts(request({ codes: ['FIVE'] }), inputs([ten, fixed, other]));
    expect(won.applied.map((x) => [x.promotionId, x.amount])).toEqual([
      ['g-fixed', 500],
      ['other', 100],
    ]);
    const tie = promo('g-also-ten', { stackingGroup: 'g', priority: 1 });
    const t = priceWithDiscounts(request(), inputs([ten, tie]));
    expect(t.applied.map((x) => x.promotionId)).toEqual(['g-also-ten']);
    const beaten = priceWithDiscounts(
      request({ codes: ['FIVE'] }),
      inputs([promo('g-half', { stackingGroup: 'g', actions: [{ type: 'percentage', percent: 50 }] }), fixed]),
    );
    expect(beaten.refusedCodes.map((r) => r.reason)).toEqual(['COUPON_NOT_COMBINABLE']);
    expect(beaten.pricing.totals.discount).toBe(1250);
  });

  it('combines the rest in priority order, each on what the earlier left; lines before order', () => {
    const first = promo('first', { priority: 10, actions: [{ type: 'percentage', percent: 50 }] });
    const second = promo('second', { actions: [{ type: 'fixed', amounts: [usd(100)] }] });
    const onB = promo('on-b', {
      target: 'lines',
      conditions: [{ type: 'containsSkus', skus: ['B'] }],
      actions: [{ type: 'percentage', percent: 100 }],
    });
    const a = priceWithDiscounts(request(), inputs([second, first, onB]));
    expect(a.applied.map((x) => [x.promotionId, x.amount])).toEqual([
      ['first', 1000],
      ['on-b', 500],
      ['second', 100],
    ]);
    expect(a.pricing.lines.map((l) => l.total)).toEqual([900, 0]);
  });

  it('100 % makes a 0 order with 0 tax, and free shipping takes the shipping charge, tax on what is left', () => {
    const rates = [
      { id: 'us', country: 'US', taxClass: 'standard' as const, rateBps: 825 },
      { id: 'us-ship', country: 'US', taxClass: 'shipping' as const, rateBps: 500 },
    ];
    const all = promo('all', { actions: [{ type: 'percentage', percent: 100 }] });
    const ship = promo('ship', { code: 'SHIP', target: 'shipping', actions: [{ type: 'freeShipping' }] });
    const shipping = { amount: 700, quoteId: 'q1' };
    const zero = priceWithDiscounts(
      request({ address: { country: 'US' }, shipping, codes: ['SHIP'] }),
      inputs([all, ship], { rates }),
    );
    expect(zero.pricing.totals).toEqual({ subtotal: 2500, discount: 3200, shipping: 700, tax: 0, total: 0 });
    const paid = priceWithDiscounts(request({ address: { country: 'US' }, shipping }), inputs([ship], { rates }));
    expect(paid.pricing.totals).toEqual({ subtotal: 2500, discount: 0, shipping: 700, tax: 241, total: 3441 });
    expect(paid.tax).toEqual({ estimated: true, pricesIncludeTax: false, rates: [rates[0], rates[1]] });
    const free = priceWithDiscounts(
      request({ address: { country: 'US' }, shipping, codes: ['SHIP'] }),
      inputs([ship], { rates }),
    );
    expect(free.pricing.totals).toEqual({ subtotal: 2500, discount: 700, shipping: 700, tax: 206, total: 2706 });
    expect(free.applied).toEqual([expect.objectContaining({ promotionId: 'ship', target: 'shipping', amount: 700 })]);
  });

  it('inclusive prices: tax extracted from what is paid, the total does not grow', () => {
    const rates = [{ id: 'de', country: 'DE', taxClass: 'standard' as const, rateBps: 1900 }];
    const a = priceWithDiscounts(
      request({ currency: 'EUR', address: { country: 'DE' }, lines: [line('A', 1, 1190)] }),
      inputs([], { rates, settings: { inclusiveByCurrency: { EUR: true } } }),
    );
    expect(a.pricing.totals).toEqual({ subtotal: 1190, discount: 0, shipping: 0, tax: 190, total: 1190 });
    expect(a.tax.pricesIncludeTax).toBe(true);
  });

  it('an automatic promotion that takes nothing is not listed; a coupon that takes nothing yet stays', () => {
    const ship = promo('ship', { code: 'SHIP', target: 'shipping', actions: [{ type: 'freeShipping' }] });
    const usdOnly = promo('eur-off', { actions: [{ type: 'fixed', amounts: [{ amount: 100, currency: 'EUR' }] }] });
    const a = priceWithDiscounts(request({ codes: ['SHIP'] }), inputs([ship, usdOnly]));
    expect(a.applied.map((x) => [x.promotionId, x.amount])).toEqual([['ship', 0]]);
  });

  it('refuses two lines for one SKU', () => {
    expect(() => priceWithDiscounts(request({ lines: [line('A', 1, 1), line('A', 1, 2)] }), inputs([]))).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_LINE' }),
    );
  });
});
