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
      // Which request made which change (carts.mutations.ts), so a retried change is applied once.
      name: '0003-cart-mutations',
      steps: [{ createCollection: { name: 'cart_mutations', fields: { cartId: 'string', appliedAt: 'timestamp' } } }],
    },
  ],
};
