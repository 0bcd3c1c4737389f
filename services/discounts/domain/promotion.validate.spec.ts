import { validatePromotion, type PromotionCheck } from './promotion.validate';

const problems = (r: PromotionCheck) => (r.ok ? [] : r.problems.map((p) => p.field));
const fieldsOf = (r: PromotionCheck) => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.fields;
};

describe('promotion validation', () => {
  it('the work-as-written request is enough, with defaults filled in', () => {
    const r = validatePromotion({
      code: 'save10',
      status: 'active',
      actions: [{ type: 'percentage', percent: 10 }],
      limits: { total: 3, perCustomer: 1 },
    });
    expect(fieldsOf(r)).toEqual({
      name: 'SAVE10',
      code: 'SAVE10',
      status: 'active',
      conditions: [],
      actions: [{ type: 'percentage', percent: 10 }],
      target: 'order',
      priority: 0,
      releaseOnCancel: true,
      limits: { total: 3, perCustomer: 1 },
    });
  });

  it('reads every condition and action type, defaulting targets from what the promotion does', () => {
    const r = validatePromotion({
      name: 'Everything',
      conditions: [
        { type: 'subtotalAtLeast', amounts: [{ amount: 5000, currency: 'EUR' }] },
        { type: 'containsSkus', skus: ['A', 'B'] },
        { type: 'containsProducts', productIds: ['p1'] },
        { type: 'inCategory', categoryIds: ['shoes'] },
        { type: 'firstOrder' },
        { type: 'customerGroup', groups: ['vip'] },
        { type: 'customerRole', roles: ['customer'] },
        { type: 'currency', currencies: ['EUR'] },
      ],
      actions: [
        { type: 'percentage', percent: 12.5 },
        { type: 'fixed', amounts: [{ amount: 500, currency: 'EUR' }] },
        { type: 'buyXGetY', buy: { skus: ['A'], quantity: 2 }, get: { quantity: 1 } },
        { type: 'tiered', tiers: [{ minSubtotal: { amount: 100, currency: 'EUR' }, percent: 5 }] },
      ],
    });
    const f = fieldsOf(r);
    expect(f.target).toBe('lines');
    expect(f.conditions[1]).toEqual({ type: 'containsSkus', skus: ['A', 'B'], minQuantity: 1 });
    expect(f.actions[2]).toEqual({ type: 'buyXGetY', buy: { skus: ['A'], quantity: 2 }, get: { quantity: 1, percent: 100 } });
    expect(fieldsOf(validatePromotion({ code: 'SHIP', actions: [{ type: 'freeShipping' }] })).target).toBe('shipping');
  });

  it('names every bad field by its path, in one answer', () => {
    const bad = {
      code: 'a',
      status: 'live',
      endsAt: 10,
      startsAt: 20,
      conditions: [{ type: 'containsSkus', skus: [] }, { type: 'nope' }],
      actions: [
        { type: 'percentage', percent: 10.123 },
        { type: 'fixed', amounts: [{ amount: 1.5, currency: 'eur' }] },
        { type: 'buyXGetY', buy: { quantity: 2 }, get: { quantity: 0 } },
        { type: 'tiered', tiers: [{ minSubtotal: { amount: 1, currency: 'EUR' }, amount: { amount: 1, currency: 'USD' } }] },
        { type: 'percentage', percent: 5, extra: 1 },
      ],
      limits: { total: 0 },
      priority: 1.5,
    };
    expect(problems(validatePromotion({ ...bad, bogus: true }))).toEqual(['bogus']);
    expect(problems(validatePromotion(bad))).toEqual([
      'code',
      'status',
      'endsAt',
      'conditions[0].skus',
      'conditions[1].type',
      'actions[0].percent',
      'actions[1].amounts[0].amount',
      'actions[1].amounts[0].currency',
      'actions[2].buy',
      'actions[2].get.quantity',
      'actions[3].tiers[0].amount.currency',
      'actions[4].extra',
      'priority',
      'limits.total',
    ]);
  });

  it('bounds sizes: conditions, actions and list items', () => {
    const skus = Array.from({ length: 501 }, (_, i) => `S${i}`);
    const many = Array.from({ length: 21 }, () => ({ type: 'firstOrder' }));
    const r = validatePromotion({ code: 'BIG', conditions: many, actions: [{ type: 'freeShipping' }] });
    expect(problems(r)).toEqual(['conditions']);
    const s = validatePromotion({
      code: 'BIG',
      conditions: [{ type: 'containsSkus', skus }],
      actions: [{ type: 'percentage', percent: 1 }],
    });
    expect(problems(s)).toEqual(['conditions[0].skus']);
    expect(problems(validatePromotion({ code: 'BIG', actions: [] }))).toEqual(['actions']);
    expect(problems(validatePromotion('x'))).toEqual(['']);
  });

  it('refuses a name with control or format characters (shoppers see it on their cart)', () => {
    const named = (name: string) => problems(validatePromotion({ name, actions: [{ type: 'percentage', percent: 5 }] }));
    for (const bad of ['Sale\u202Eevil', 'Sale\u200B', 'Sale\u0085', 'Sale\u0007']) expect(named(bad)).toEqual(['name']);
    expect(named('Soldes d\u2019été')).toEqual([]);
  });

  it('refuses actions that cannot meet the target', () => {
    expect(problems(validatePromotion({ code: 'X1X', target: 'order', actions: [{ type: 'freeShipping' }] }))).toEqual([
      'actions[0].type',
    ]);
    const b = { type: 'buyXGetY', buy: { skus: ['A'], quantity: 1 }, get: { quantity: 1 } };
    expect(problems(validatePromotion({ code: 'X1X', target: 'shipping', actions: [b] }))).toEqual(['actions[0].type']);
    expect(problems(validatePromotion({ actions: [{ type: 'percentage', percent: 5 }] }))).toEqual(['name']);
  });

  it('a patch is checked over the stored fields, and null clears an optional one', () => {
    const base = fieldsOf(
      validatePromotion({ code: 'SAVE10', actions: [{ type: 'percentage', percent: 10 }], limits: { total: 3 } }),
    );
    const patched = fieldsOf(validatePromotion({ status: 'active', limits: null }, base));
    expect(patched).toMatchObject({ code: 'SAVE10', status: 'active' });
    expect(patched.limits).toBeUndefined();
    expect(problems(validatePromotion({ actions: [{ type: 'freeShipping' }] }, base))).toEqual(['actions[0].type']);
  });
});
