import fc from 'fast-check';
import type { PriceLine, PriceRequest } from '../discounts.contract';
import { promo } from './price.fixtures';
import type { Action, Condition, Promotion } from './promotion.types';
import type { TaxRate } from './tax.types';

/** fast-check generators of carts and promotions for the discounts property specs. */
const SKUS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
const usd = (amount: number) => ({ amount, currency: 'USD' });

export const RATES: TaxRate[] = [
  { id: 'us', country: 'US', taxClass: 'standard', rateBps: 725 },
  { id: 'us-tx', country: 'US', region: 'TX', taxClass: 'standard', rateBps: 825 },
  { id: 'us-red', country: 'US', taxClass: 'reduced', rateBps: 333 },
  { id: 'us-ship', country: 'US', region: 'TX', taxClass: 'shipping', rateBps: 1250 },
  { id: 'us-zero', country: 'US', taxClass: 'zero', rateBps: 0 },
];

const line = fc.record({
  quantity: fc.integer({ min: 1, max: 20 }),
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 10 ** 6 })),
  categoryPath: fc.subarray(['shoes', 'hats']),
  taxClass: fc.constantFrom(undefined, 'standard', 'reduced', 'zero'),
});

export const lines = fc.uniqueArray(fc.constantFrom(...SKUS), { minLength: 1, maxLength: SKUS.length }).chain((skus) =>
  fc.tuple(...skus.map(() => line)).map((ls) =>
    ls.map((l, i): PriceLine => ({
      sku: skus[i],
      productId: `p-${skus[i]}`,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      categoryPath: l.categoryPath,
      ...(l.taxClass === undefined ? {} : { taxClass: l.taxClass as PriceLine['taxClass'] }),
    })),
  ),
);

const percent = fc.integer({ min: 1, max: 10000 }).map((bps) => bps / 100);
const money = fc.integer({ min: 1, max: 2 * 10 ** 6 });
const goodsAction: fc.Arbitrary<Action> = fc.oneof(
  percent.map((p): Action => ({ type: 'percentage', percent: p })),
  money.map((m): Action => ({ type: 'fixed', amounts: [usd(m)] })),
  fc
    .record({
      skus: fc.subarray(SKUS, { minLength: 1 }),
      buy: fc.integer({ min: 1, max: 4 }),
      get: fc.integer({ min: 1, max: 3 }),
      percent,
      sku: fc.option(fc.constantFrom(...SKUS), { nil: undefined }),
    })
    .map((b): Action => ({
      type: 'buyXGetY',
      buy: { skus: b.skus, quantity: b.buy },
      get: { quantity: b.get, percent: b.percent, ...(b.sku ? { sku: b.sku } : {}) },
    })),
  fc
    .array(
      fc.record({
        min: fc.integer({ min: 0, max: 10 ** 6 }),
        off: fc.oneof(
          money.map((m) => ({ amount: usd(m) })),
          percent.map((p) => ({ percent: p })),
        ),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((ts): Action => ({ type: 'tiered', tiers: ts.map((t) => ({ minSubtotal: usd(t.min), ...t.off })) })),
);
const shippingAction: fc.Arbitrary<Action> = fc.oneof(
  fc.constant<Action>({ type: 'freeShipping' }),
  percent.map((p): Action => ({ type: 'percentage', percent: p })),
  money.map((m): Action => ({ type: 'fixed', amounts: [usd(m)] })),
);
const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.subarray(SKUS, { minLength: 1 }).map((skus): Condition => ({ type: 'containsSkus', skus })),
  fc.constantFrom<Condition>({ type: 'inCategory', categoryIds: ['shoes'] }, { type: 'currency', currencies: ['USD'] }),
  fc.integer({ min: 0, max: 10 ** 6 }).map((m): Condition => ({ type: 'subtotalAtLeast', amounts: [usd(m)] })),
);

export const promotions = fc
  .array(
    fc.record({
      target: fc.constantFrom('order', 'lines', 'shipping'),
      goods: fc.array(goodsAction, { minLength: 1, maxLength: 2 }),
      shipping: shippingAction,
      conditions: fc.array(condition, { maxLength: 2 }),
      priority: fc.integer({ min: -2, max: 2 }),
      stackingGroup: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
      cap: fc.option(money, { nil: undefined }),
      coded: fc.boolean(),
    }),
    { maxLength: 6 },
  )
  .map((ps) =>
    ps.map((p, i): Promotion =>
      promo(`promo-${i}`, {
        target: p.target as Promotion['target'],
        actions: p.target === 'shipping' ? [p.shipping] : p.goods,
        conditions: p.conditions,
        priority: p.priority,
        ...(p.stackingGroup ? { stackingGroup: p.stackingGroup } : {}),
        ...(p.cap ? { maxDiscount: [usd(p.cap)] } : {}),
        ...(p.coded ? { code: `CODE${i}` } : {}),
      }),
    ),
  );

export const requests = fc
  .record({
    lines,
    shipping: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
    region: fc.constantFrom(undefined, 'TX', 'CA'),
    taxed: fc.boolean(),
  })
  .map((r): PriceRequest => ({
    currency: 'USD',
    lines: r.lines,
    codes: SKUS.map((_, i) => `code${i}`),
    at: 1_000_000,
    ...(r.shipping === undefined ? {} : { shipping: { amount: r.shipping, quoteId: 'q' } }),
    ...(r.taxed ? { address: { country: 'US', ...(r.region ? { region: r.region } : {}) } } : {}),
  }));
