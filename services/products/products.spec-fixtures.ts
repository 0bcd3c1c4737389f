import type { ProductInput } from './products.contract';

/** A product as an admin writes it: two variants, one with a schedule, one with the `price` shorthand. */
export const input: ProductInput = {
  slug: 'phone',
  name: 'Phone',
  brand: 'Aurora',
  status: 'active',
  attributes: { screen: '6.1in' },
  images: ['https://example.com/p.jpg'],
  variants: [
    {
      sku: 'P-1',
      attributes: { colour: 'black' },
      prices: [
        { amount: 100, currency: 'USD' },
        { amount: 80, currency: 'USD', from: 10, to: 20 },
      ],
    },
    { sku: 'P-2', attributes: { colour: 'blue' }, price: { amount: 120, currency: 'USD' } },
  ],
};
