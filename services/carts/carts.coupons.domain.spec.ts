import { addCoupon, cartAddress, normalizeCode, removeCoupon, setAddress } from './carts.coupons.domain';
import { mergeCarts, type CartContents } from './carts.domain';

const cart = (coupons?: string[]): CartContents => ({ lines: [], currency: 'EUR', ...(coupons ? { coupons } : {}) });
const address = { name: 'Ann', line1: '1 Main St', city: 'Austin', postalCode: '78701', country: 'US' };

describe('coupon codes on a cart', () => {
  it('normalises codes as typed', () => {
    expect(normalizeCode('  save10 ')).toBe('SAVE10');
  });

  it('adds a code last, once: the same code again writes nothing', () => {
    expect(addCoupon(cart(['A']), 'B', 5)?.coupons).toEqual(['A', 'B']);
    expect(addCoupon(cart(['A', 'B']), 'A', 5)).toBeNull();
  });

  it('refuses a code past the bound, naming it', () => {
    expect(() => addCoupon(cart(['A', 'B']), 'C', 2)).toThrow(
      expect.objectContaining({ code: 'LIMIT_REACHED', data: { max: 2 } }),
    );
  });

  it('removes a code it has, and writes nothing for one it has not', () => {
    expect(removeCoupon(cart(['A', 'B']), 'A')?.coupons).toEqual(['B']);
    expect(removeCoupon(cart(['A']), 'Z')).toBeNull();
  });
});

describe('cart address', () => {
  it('keeps the known, non-empty fields, and the address book id', () => {
    expect(cartAddress({ ...address, line2: '', label: 'Home', userId: 'u1' }, 'addr-1')).toEqual({
      ...address,
      addressId: 'addr-1',
    });
  });

  it('writes nothing when the address is the same', () => {
    expect(setAddress({ ...cart(), shippingAddress: address }, { ...address })).toBeNull();
    expect(setAddress(cart(), address)?.shippingAddress).toEqual(address);
  });
});

describe('merging carts keeps codes and the address', () => {
  const limits = { maxLines: 5, maxQuantity: 10, maxCoupons: 3 };

  it("puts the customer's codes first, adds the anonymous cart's new ones up to the bound", () => {
    const { contents } = mergeCarts(cart(['A', 'B']), cart(['B', 'C', 'D']), limits);
    expect(contents.coupons).toEqual(['A', 'B', 'C']);
  });

  it("keeps the customer's address, else takes the anonymous one", () => {
    const other = { ...address, city: 'Dallas' };
    expect(
      mergeCarts({ ...cart(), shippingAddress: address }, { ...cart(), shippingAddress: other }, limits).contents.shippingAddress,
    ).toEqual(address);
    expect(mergeCarts(cart(), { ...cart(['X']), shippingAddress: other }, limits).contents).toMatchObject({
      coupons: ['X'],
      shippingAddress: other,
    });
  });
});
