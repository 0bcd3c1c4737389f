import type { Order } from './orders.contract';

/** A PENDING order of `quantity` mugs at EUR 5.00, as placing writes it (version 1): the pure specs' starting point. */
export function placedOrder(quantity = 2): Order {
  const total = 500 * quantity;
  return {
    id: 'o1',
    userId: 'u1',
    status: 'PENDING',
    items: [
      {
        sku: 'MUG',
        productId: 'p1',
        name: 'Mug',
        quantity,
        unitPrice: { amount: 500, currency: 'EUR' },
        lineTotal: { amount: total, currency: 'EUR' },
      },
    ],
    totals: { currency: 'EUR', subtotal: total, discount: 0, tax: 0, shipping: 0, total },
    shippingAddress: { name: 'A', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    billingAddress: { name: 'A', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    payment: { token: 'tok_visa' },
    idempotencyKey: 'k1',
    createdAt: 100,
    updatedAt: 100,
    version: 1,
  };
}
