import { priceWithDiscounts } from '../../discounts/domain/price.domain';
import { inputs, line, promo, request } from '../../discounts/domain/price.fixtures';
import { snapshotPricing } from '../../orders/order.promotions';
import { refundFor } from './refund';
import { unitLedger } from './unit-ledger';

/**
 * The storefront story's numbers: two units at 19.99 with a 10% coupon, 5.00 shipping and 8.25%
 * tax added in Texas; one unit back, then the other.
 */
describe('a delivered order with a coupon and shipping, returned one unit at a time', () => {
  const req = request({
    lines: [line('MUG', 2, 1999)],
    codes: ['SAVE10'],
    shipping: { amount: 500, quoteId: 'q1' },
    address: { country: 'US', region: 'TX' },
  });
  const coupon = promo('save10', { code: 'SAVE10', actions: [{ type: 'percentage', percent: 10 }] });
  const answer = priceWithDiscounts(
    req,
    inputs([coupon], {
      codeToPromotion: new Map([['SAVE10', 'save10']]),
      rates: [{ id: 'tx', country: 'US', region: 'TX', taxClass: 'standard', rateBps: 825 }],
    }),
  );
  const order = snapshotPricing(
    [{ sku: 'MUG', productId: 'p-MUG', name: 'Mug', quantity: 2, unitPrice: { amount: 1999, currency: 'USD' } }],
    'USD',
    answer,
  );
  const ledger = unitLedger(order);
  const policy = { refundShipping: 'full-return-only' as const };

  it('the order: 3998 − 399 (10%, rounded down) + 500 shipping + 8.25% of 4099 (338) = 4437', () => {
    expect(order.totals).toMatchObject({ subtotal: 3998, discount: 399, shipping: 500, tax: 338, total: 4437 });
  });

  it('one unit back: exactly what it paid for its goods; the second refunds the rest with the shipping', () => {
    const first = refundFor({
      ledger,
      refunded: [],
      units: [{ sku: 'MUG', quantity: 1 }],
      policy,
      capturedTotal: 4437,
      refundedSoFar: 0,
    });
    // Tax 338 on goods 3599 + shipping 500 at one rate: 297 is the goods', 41 the shipping's. The
    // first unit bears the extra minor unit of the discount, the goods tax and the shipping tax.
    expect(ledger.lines[0].units.map((u) => [u.discount, u.tax, u.goods, u.shippingPaid])).toEqual([
      [200, 149, 1948, 271],
      [199, 148, 1948, 270],
    ]);
    expect(first).toMatchObject({ amount: 1948, shipping: 0, fullReturn: false });
    expect(first.units).toEqual([{ sku: 'MUG', index: 1, goods: 1948, shipping: 0, returned: true }]);
    const second = refundFor({
      ledger,
      refunded: first.units,
      units: [{ sku: 'MUG', quantity: 1 }],
      policy,
      capturedTotal: 4437,
      refundedSoFar: first.amount,
    });
    expect(second).toMatchObject({ amount: 1948 + 541, shipping: 541, fullReturn: true });
    expect(first.amount + second.amount).toBe(4437);
  });
});
