import { arr, INT, MONEY, nullable, obj, optional } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the carts service's routes answer (see carts.contract.ts). */
const LINE = obj({
  sku: 'string',
  productId: 'string|optional',
  name: 'string|optional',
  quantity: INT,
  // Null when the product is gone or has no price in the cart's currency.
  unitPrice: optional(nullable(MONEY)),
  lineTotal: optional(nullable(MONEY)),
  available: optional(INT),
  status: 'string',
});
const CART = {
  lines: arr(LINE),
  totals: obj({
    currency: nullable('string'),
    subtotal: INT,
    discount: INT,
    tax: INT,
    shipping: INT,
    total: INT,
    itemCount: INT,
  }),
  expiresAt: nullable(INT),
  cartToken: {
    type: 'string',
    optional: true,
    description: 'Issued with an anonymous cart’s first item; send it back as X-Cart-Token.',
  },
};
const CART_CONFLICTS = {
  404: 'No such SKU (or no such line in the cart)',
  409: 'The cart is being checked out (CART_IN_CHECKOUT) or was checked out (CART_CHECKED_OUT, with error.orderId)',
};
const headers: ActionResponse['headers'] = ['X-Cart-Token'];

export const CARTS_RESPONSES = {
  cart: { status: 200, schema: CART, headers },
  addItem: {
    status: 200,
    schema: CART,
    headers: ['X-Cart-Token', 'Idempotency-Key'],
    errors: CART_CONFLICTS,
    example: {
      lines: [
        {
          sku: 'LAMP-1',
          productId: 'b0165b65-1578-48e9-b3f2-65152905ea41',
          name: 'Lamp',
          quantity: 1,
          unitPrice: { amount: 2500, currency: 'EUR' },
          lineTotal: { amount: 2500, currency: 'EUR' },
          available: 4,
          status: 'ok',
        },
      ],
      totals: { currency: 'EUR', subtotal: 2500, discount: 0, tax: 0, shipping: 0, total: 2500, itemCount: 1 },
      expiresAt: 1767830400000,
    },
  },
  updateItem: { status: 200, schema: CART, headers: ['X-Cart-Token', 'Idempotency-Key'], errors: CART_CONFLICTS },
  removeItem: { status: 204, headers: ['X-Cart-Token', 'Idempotency-Key'], errors: CART_CONFLICTS },
  merge: {
    status: 200,
    schema: {
      ...CART,
      merge: optional(
        nullable(obj({ added: arr('string'), increased: arr('string'), capped: arr('string'), dropped: arr('string') })),
      ),
    },
    headers,
    errors: CART_CONFLICTS,
  },
} satisfies Record<string, ActionResponse>;
