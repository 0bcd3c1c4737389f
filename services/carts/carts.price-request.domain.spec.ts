import type { CartLine, CatalogVariant } from './carts.contract';
import type { CartContents } from './carts.domain';
import { priceRequestOf, shownLines } from './carts.pricing.domain';

const line = (sku: string, quantity: number): CartLine => ({ sku, productId: `p-${sku}`, name: sku, quantity, addedAt: 1 });
const variant = (sku: string, amount: number, extra: Partial<CatalogVariant> = {}): CatalogVariant => ({
  sku,
  productId: `p-${sku}`,
  productName: sku,
  slug: sku.toLowerCase(),
  productStatus: 'active',
  price: { amount, currency: 'EUR' },
  attributes: {},
  taxClass: 'standard',
  categoryPath: [],
  ...extra,
});

describe('priceRequestOf', () => {
  const variants = [
    variant('A', 300, { categoryPath: ['c-root', 'c-lamps'], taxClass: 'zero' }),
    variant('GONE', 5, { productStatus: 'archived' }),
  ];

  it('sends the priced lines with category path and tax class, the codes, customer and address', () => {
    const cart: CartContents = {
      lines: [line('A', 2), line('GONE', 1)],
      currency: 'EUR',
      coupons: ['SAVE10'],
      shippingAddress: { name: 'A', line1: 'x', city: 'y', postalCode: '10115', country: 'DE', region: 'BE' },
    };
    const shown = shownLines(cart, variants, { A: 9 });
    expect(priceRequestOf(cart, shown, variants, { id: 'u1', roles: ['customer'] })).toEqual({
      currency: 'EUR',
      lines: [{ sku: 'A', productId: 'p-A', categoryPath: ['c-root', 'c-lamps'], quantity: 2, unitPrice: 300, taxClass: 'zero' }],
      codes: ['SAVE10'],
      customer: { id: 'u1', roles: ['customer'] },
      address: { country: 'DE', region: 'BE' },
    });
  });

  it('asks nothing when no line is priced', () => {
    const cart: CartContents = { lines: [line('GONE', 1)], currency: 'EUR' };
    expect(priceRequestOf(cart, shownLines(cart, variants, {}), variants)).toBeNull();
  });
});
