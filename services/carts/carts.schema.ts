import type { StoreSchema } from '../../mixins/store/store.types';

/**
 * One document per cart, lines inline: a cart is read and written whole, and its version makes
 * concurrent writers retry rather than lose a line. Idle carts expire (DynamoDB TTL).
 */
export const cartsSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-carts',
      steps: [
        {
          createCollection: {
            name: 'carts',
            fields: {
              owner: 'string',
              userId: 'string',
              currency: 'string',
              lines: 'json',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
              expiresAt: 'timestamp',
            },
            expiresAt: 'expiresAt',
            versioned: true,
          },
        },
      ],
    },
    {
      // The checkout's hold on a cart: one order at a time (see carts.checkout.ts).
      name: '0002-checkout-claim',
      steps: [
        { addField: { collection: 'carts', field: 'checkoutOrderId', type: 'string' } },
        { addField: { collection: 'carts', field: 'checkoutAttempt', type: 'string' } },
        { addField: { collection: 'carts', field: 'claimedAt', type: 'timestamp' } },
      ],
    },
    {
      // Which request made which change (carts.mutations.ts), so a retried change is applied once.
      name: '0003-cart-mutations',
      steps: [{ createCollection: { name: 'cart_mutations', fields: { cartId: 'string', appliedAt: 'timestamp' } } }],
    },
    {
      // Coupon codes and the shipping address the cart is priced and taxed with (carts.coupons.ts).
      name: '0004-coupons-address',
      steps: [
        { addField: { collection: 'carts', field: 'coupons', type: 'json' } },
        { addField: { collection: 'carts', field: 'shippingAddress', type: 'json' } },
      ],
    },
    {
      // The chosen shipping quote and the fingerprint it was made for (carts.shipping.ts).
      name: '0005-chosen-shipping',
      steps: [{ addField: { collection: 'carts', field: 'shipping', type: 'json' } }],
    },
  ],
};
