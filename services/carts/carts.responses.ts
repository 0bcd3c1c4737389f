import { arr, INT, MONEY, nullable, obj, optional, POSTAL_ADDRESS } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the carts service's routes answer (see carts.contract.ts). */
const ADJUSTMENT = obj({
  kind: { type: 'enum', values: ['discount', 'shipping', 'tax'] },
  source: obj({ type: 'string', id: 'string', code: 'string|optional' }),
  amount: MONEY,
  rateBps: optional(INT),
});
const LINE = obj({
  sku: 'string',
  productId: 'string|optional',
  name: 'string|optional',
  quantity: INT,
  // Null when the product is gone or has no price in the cart's currency.
  unitPrice: optional(nullable(MONEY)),
  lineTotal: optional(nullable(MONEY)),
  discount: optional(nullable(MONEY)),
  tax: optional(nullable(MONEY)),
  adjustments: optional(arr(ADJUSTMENT)),
  available: optional(INT),
  status: 'string',
});
// Amounts are null only for a cart without a currency (an empty one).
const AMOUNT = nullable(MONEY);
const ADDRESS = obj({ ...POSTAL_ADDRESS, addressId: 'string|optional' });
const WINDOW = obj({ from: INT, to: INT });
const OPTION = obj({
  quoteId: 'string',
  methodId: 'string',
  name: 'string',
  carrier: 'string',
  serviceLevel: { type: 'enum', values: ['standard', 'express', 'pickup'] },
  price: MONEY,
  estimatedDelivery: WINDOW,
  parcels: INT,
  expiresAt: INT,
});
const CART = {
  lines: arr(LINE),
  totals: obj({
    currency: nullable('string'),
    subtotal: AMOUNT,
    discount: AMOUNT,
    shipping: AMOUNT,
    tax: AMOUNT,
    total: AMOUNT,
    itemCount: INT,
  }),
  coupons: arr('string'),
  promotions: arr(obj({ id: 'string', code: 'string|optional', name: 'string', amount: MONEY })),
  refusedCoupons: arr(obj({ code: 'string', reason: 'string', message: 'string' })),
  tax: obj({ estimated: 'boolean', pricesIncludeTax: 'boolean' }),
  pricing: {
    type: 'enum',
    values: ['ok', 'unavailable'],
    description: '`unavailable`: discounts could not price the cart; shown without promotions or tax, and checkout waits.',
  },
  shippingAddress: nullable(ADDRESS),
  shipping: nullable(
    obj({
      quoteId: 'string',
      methodId: 'string',
      name: 'string',
      carrier: 'string',
      price: MONEY,
      expiresAt: INT,
      estimatedDelivery: WINDOW,
      stale: {
        type: 'boolean',
        description: 'The lines or the address changed, or the quote expired: not charged; choose again.',
      },
    }),
  ),
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
          discount: { amount: 0, currency: 'EUR' },
          tax: { amount: 0, currency: 'EUR' },
          adjustments: [],
          available: 4,
          status: 'ok',
        },
      ],
      totals: {
        currency: 'EUR',
        subtotal: { amount: 2500, currency: 'EUR' },
        discount: { amount: 0, currency: 'EUR' },
        shipping: { amount: 0, currency: 'EUR' },
        tax: { amount: 0, currency: 'EUR' },
        total: { amount: 2500, currency: 'EUR' },
        itemCount: 1,
      },
      coupons: [],
      promotions: [],
      refusedCoupons: [],
      tax: { estimated: false, pricesIncludeTax: false },
      pricing: 'ok',
      shippingAddress: null,
      shipping: null,
      expiresAt: 1767830400000,
    },
  },
  updateItem: { status: 200, schema: CART, headers: ['X-Cart-Token', 'Idempotency-Key'], errors: CART_CONFLICTS },
  applyCoupon: {
    status: 200,
    schema: CART,
    headers: ['X-Cart-Token', 'Idempotency-Key'],
    errors: {
      409: 'The cart holds the most codes it may (LIMIT_REACHED) or is being checked out (CART_IN_CHECKOUT)',
      422: 'The code does not apply; error.type names why: COUPON_UNKNOWN, COUPON_EXPIRED, COUPON_INACTIVE, COUPON_CONDITION_NOT_MET, COUPON_LIMIT_REACHED or COUPON_NOT_COMBINABLE',
      503: 'Discounts cannot check the code right now; nothing was stored (retry shortly)',
    },
  },
  removeCoupon: { status: 200, schema: CART, headers: ['X-Cart-Token', 'Idempotency-Key'], errors: CART_CONFLICTS },
  setAddress: {
    status: 200,
    schema: CART,
    headers: ['X-Cart-Token', 'Idempotency-Key'],
    errors: { ...CART_CONFLICTS, 422: 'A field of the address is invalid, or shippingAddressId is not one of yours' },
  },
  shippingOptions: {
    status: 200,
    schema: { options: arr(OPTION), zoneId: nullable('string'), unweighed: arr('string') },
    headers,
    errors: { 422: 'The cart has no shipping address (error.fields names shippingAddress)' },
  },
  chooseShipping: {
    status: 200,
    schema: CART,
    headers: ['X-Cart-Token', 'Idempotency-Key'],
    errors: {
      ...CART_CONFLICTS,
      409: 'The quote is not for this cart as it is now, or expired (SHIPPING_QUOTE_STALE, with error.quoteId and error.why), or the cart is being checked out (CART_IN_CHECKOUT)',
      422: 'The cart has no shipping address, or no item',
    },
  },
  clearShipping: { status: 200, schema: CART, headers: ['X-Cart-Token', 'Idempotency-Key'], errors: CART_CONFLICTS },
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
