import type { PriceAnswer } from '../discounts/discounts.contract';
import { priceOrder } from '../pricing/pricing.pipeline';
import type { CartSnapshot } from './orders.contract';
import { toOrderView } from './orders.domain';
import { checkoutInput, placeOrder } from './order.aggregate';
import { cancelSagaData } from './orders.payment-reports.domain';

const address = { name: 'Ann', line1: '1 Main St', city: 'Austin', postalCode: '73301', country: 'US' };
const line = (sku: string, amount: number, quantity: number) => ({
  sku,
  productId: `p-${sku}`,
  name: sku,
  quantity,
  unitPrice: { amount, currency: 'USD' },
  status: 'ok',
});
const cart: CartSnapshot = { lines: [line('A', 1000, 3), line('B', 500, 1)], totals: { currency: 'USD' } };
const SAVE10 = { promotionId: 'promo-1', version: 4, code: 'SAVE10', name: '10 % off', target: 'order' as const };
const RATE = { id: 'rate-us', country: 'US', taxClass: 'standard' as const, rateBps: 825 };

/** What discounts.price answers for `cart` with SAVE10 and a Texas address: priced by the one pipeline. */
function answer(): PriceAnswer {
  const pricing = priceOrder(
    'USD',
    cart.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice!.amount })),
    {
      orderAdjustments: [() => [{ kind: 'discount', source: { type: 'promotion', id: 'promo-1' }, amount: 350 }]],
      tax: [
        (ctx) =>
          ctx.lines.map((l) => ({
            kind: 'tax' as const,
            source: { type: 'tax_rate' as const, id: 'rate-us' },
            sku: l.sku,
            amount: Math.round(((l.subtotal - l.discount) * 825) / 10_000),
          })),
      ],
    },
  );
  return {
    pricing,
    applied: [{ ...SAVE10, amount: 350 }],
    refusedCodes: [],
    tax: { estimated: true, pricesIncludeTax: false, rates: [RATE] },
  };
}

const place = (pricing: PriceAnswer | null) =>
  placeOrder({
    id: 'o1',
    userId: 'u1',
    idempotencyKey: 'k',
    cart,
    pricing,
    shippingAddress: address,
    billingAddress: address,
    payment: { token: 'tok_visa' },
    now: 1000,
  });

describe('an order placed with promotions and tax', () => {
  it('keeps the pricing answer exactly: line adjustments stamped with version, code and rate, totals as priced', () => {
    const priced = answer();
    const order = place(priced);
    expect(order.totals).toEqual({ currency: 'USD', ...priced.pricing.totals });
    expect(order.totals.total).toBe(order.totals.subtotal - order.totals.discount + order.totals.shipping + order.totals.tax);
    expect(order.items.map((i) => i.pricing!.discount)).toEqual(priced.pricing.lines.map((l) => l.discount));
    expect(order.items[0].pricing!.adjustments).toEqual([
      expect.objectContaining({ kind: 'discount', source: { type: 'promotion', id: 'promo-1', version: 4, code: 'SAVE10' } }),
      expect.objectContaining({ kind: 'tax', source: { type: 'tax_rate', id: 'rate-us' }, rateBps: 825 }),
    ]);
    expect(order.promotions).toEqual([{ promotionId: 'promo-1', version: 4, code: 'SAVE10', name: '10 % off', amount: 350 }]);
    expect(order.tax).toEqual({ pricesIncludeTax: false, rates: [RATE] });
  });

  it('hands the saga the promotions to reserve and the total after discount and tax; the cancel saga their ids', () => {
    const order = place(answer());
    expect(checkoutInput(order)).toMatchObject({
      amount: { amount: order.totals.total, currency: 'USD' },
      promotions: [{ promotionId: 'promo-1', version: 4, code: 'SAVE10', amount: 350 }],
    });
    expect(cancelSagaData(order, 'x').promotionIds).toEqual(['promo-1']);
    expect(checkoutInput(place(null))).not.toHaveProperty('promotions');
  });

  it('a later edit of the promotion (or its rate) changes nothing: the order never prices again', () => {
    const priced = answer();
    const order = place(priced);
    const before = JSON.stringify(order);
    priced.applied[0].version = 5;
    priced.applied[0].amount = 999;
    priced.tax.rates[0].rateBps = 2000;
    expect(JSON.stringify(order)).toBe(before);
  });

  it('refuses an answer that does not price exactly the claimed lines (409 PRICING_STALE)', () => {
    const priced = answer();
    priced.pricing.lines[1] = { ...priced.pricing.lines[1], quantity: 2 };
    expect(() => place(priced)).toThrow(expect.objectContaining({ type: 'PRICING_STALE', status: 409 }));
    const eur = { ...answer(), pricing: { ...answer().pricing, currency: 'EUR' } };
    expect(() => place(eur)).toThrow(expect.objectContaining({ type: 'PRICING_STALE' }));
  });

  it('views show each total and promotion amount with its currency', () => {
    const view = toOrderView(place(answer()), []);
    expect(view.totals.discount).toEqual({ amount: 350, currency: 'USD' });
    expect(view.totals.total.currency).toBe('USD');
    expect(view.promotions[0].amount).toEqual({ amount: 350, currency: 'USD' });
  });
});
