import type { CheckoutData } from '../checkout/checkout.types';

/** A checkout as the orders service starts one: one T-shirt for 25.00 EUR, unless `extra` says otherwise. */
export const checkoutInput = (extra: Partial<CheckoutData> = {}): CheckoutData => ({
  orderId: 'order-1',
  userId: 'user-1',
  lines: [{ sku: 'TEE-1', quantity: 1 }],
  amount: { amount: 2_500, currency: 'EUR' },
  paymentToken: 'tok_visa',
  ...extra,
});
