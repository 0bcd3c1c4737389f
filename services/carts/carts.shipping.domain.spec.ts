import type { ChosenShipping } from './carts.contract';
import type { CartContents } from './carts.domain';
import {
  cartFingerprint,
  chooseShipping,
  clearShipping,
  goodsValueOf,
  orderShippingOf,
  quoteLinesOf,
  shownShipping,
  staleness,
} from './carts.shipping.domain';

const address = { name: 'A', line1: '1 St', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' };
const cart: CartContents = {
  currency: 'GBP',
  lines: [
    { sku: 'MUG-1', productId: 'p1', name: 'Mug', quantity: 2, addedAt: 1 },
    { sku: 'TEA-1', productId: 'p2', name: 'Tea', quantity: 1, addedAt: 2 },
  ],
  shippingAddress: address,
};
/** Goods after discounts, before shipping and tax, when the quote was made. */
const goods = 4_000;
const chosen: ChosenShipping = {
  quoteId: 'q1',
  methodId: 'm1',
  name: 'Standard',
  carrier: 'sandbox',
  serviceLevel: 'standard',
  rateVersion: 1,
  price: { amount: 500, currency: 'GBP' },
  estimatedDelivery: { from: 10, to: 20 },
  expiresAt: 1_000,
  fingerprint: cartFingerprint('u-1', cart, goods)!,
};

describe('a shipping quote bound to the cart', () => {
  it('is bound to the lines and where they go, not to their order, the postcode’s spacing or other fields', () => {
    const same = { ...cart, lines: [...cart.lines].reverse(), shippingAddress: { ...address, postalCode: 'sw1a1aa', name: 'B' } };
    expect(cartFingerprint('u-1', same, goods)).toBe(chosen.fingerprint);
  });

  it('changes with a quantity, a line, the postcode, the region, the currency, the cart or the goods value', () => {
    const variants: CartContents[] = [
      { ...cart, lines: [{ ...cart.lines[0], quantity: 3 }, cart.lines[1]] },
      { ...cart, lines: [cart.lines[0]] },
      { ...cart, shippingAddress: { ...address, postalCode: 'SW1A 2AA' } },
      { ...cart, shippingAddress: { ...address, region: 'ENG' } },
      { ...cart, currency: 'EUR' },
    ];
    for (const v of variants) expect(cartFingerprint('u-1', v, goods)).not.toBe(chosen.fingerprint);
    expect(cartFingerprint('u-2', cart, goods)).not.toBe(chosen.fingerprint);
    // A coupon applied after quoting: same lines and address, goods worth less (maybe under a free-over threshold).
    expect(cartFingerprint('u-1', cart, goods - 1)).not.toBe(chosen.fingerprint);
  });

  it('reads the goods value after discounts, before shipping and tax', () => {
    const money = (amount: number) => ({ amount, currency: 'GBP' });
    const totals = { subtotal: money(5_000), discount: money(1_000), shipping: money(500), tax: money(900) };
    expect(goodsValueOf({ totals: { ...totals, total: money(5_400), currency: 'GBP', itemCount: 3 } })).toBe(goods);
    const empty = { currency: null, subtotal: null, discount: null, shipping: null, tax: null, total: null, itemCount: 0 };
    expect(goodsValueOf({ totals: empty })).toBe(0);
  });

  it('has no fingerprint without an address or lines', () => {
    expect(cartFingerprint('u-1', { ...cart, shippingAddress: undefined }, goods)).toBeNull();
    expect(cartFingerprint('u-1', { lines: [], shippingAddress: address }, goods)).toBeNull();
  });

  it('is stale when changed, then when expired (the expiry instant itself is expired)', () => {
    expect(staleness(chosen, chosen.fingerprint, 999)).toBeNull();
    expect(staleness(chosen, chosen.fingerprint, 1_000)).toBe('expired');
    expect(staleness(chosen, 'other', 0)).toBe('changed');
    expect(staleness(chosen, null, 0)).toBe('changed');
  });

  it('sends the catalog’s weights, leaving an unweighed SKU without one', () => {
    const variants = [{ sku: 'MUG-1', weightG: 350, dimensionsMm: { l: 1, w: 2, h: 3 } }] as never;
    expect(quoteLinesOf(cart.lines, variants)).toEqual([
      { sku: 'MUG-1', quantity: 2, weightG: 350, dimensionsMm: { l: 1, w: 2, h: 3 } },
      { sku: 'TEA-1', quantity: 1 },
    ]);
  });

  it('is shown without its fingerprint and snapshotted without its expiry', () => {
    expect(shownShipping(chosen, true)).toEqual({
      quoteId: 'q1',
      methodId: 'm1',
      name: 'Standard',
      carrier: 'sandbox',
      price: chosen.price,
      expiresAt: 1_000,
      estimatedDelivery: chosen.estimatedDelivery,
      stale: true,
    });
    expect(shownShipping(undefined, false)).toBeNull();
    expect(Object.keys(orderShippingOf(chosen)).sort()).toEqual([
      'carrier',
      'estimatedDelivery',
      'methodId',
      'name',
      'price',
      'quoteId',
      'rateVersion',
      'serviceLevel',
    ]);
  });

  it('is chosen once and cleared once (null: nothing to write)', () => {
    const withIt = chooseShipping(cart, chosen)!;
    expect(withIt.shipping).toEqual(chosen);
    expect(chooseShipping(withIt, chosen)).toBeNull();
    expect(clearShipping(withIt)).toEqual(cart);
    expect(clearShipping(cart)).toBeNull();
  });
});
