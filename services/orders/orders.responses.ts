import { arr, INT, MONEY, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import { RETURN_STATUSES } from '../returns/returns.contract';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the orders service's routes answer (see orders.contract.ts). */
/** Each total with its currency; `total = subtotal − discount + shipping + tax` when prices exclude tax. */
const TOTALS = obj({ currency: 'string', subtotal: MONEY, discount: MONEY, shipping: MONEY, tax: MONEY, total: MONEY });
/** What the line paid after the pricing pipeline; orders placed before it was kept have none. */
const ADJUSTMENT = obj({
  kind: { type: 'enum', values: ['discount', 'shipping', 'tax'] },
  source: obj({
    type: { type: 'enum', values: ['promotion', 'shipping_quote', 'tax_rate'] },
    id: 'string',
    version: { type: 'number', integer: true, optional: true, description: "A promotion's version as it was applied." },
    code: { type: 'string', optional: true, description: 'The coupon code a promotion was applied with.' },
  }),
  amount: INT,
  perUnit: { type: 'number', integer: true, description: 'What each unit bears, in minor units.' },
  remainder: { type: 'number', integer: true, description: 'How many units (the first ones) bear one minor unit more.' },
  rateBps: { type: 'number', integer: true, optional: true, description: "A tax rate's percentage in basis points." },
  included: { type: 'boolean', optional: true, description: 'Tax already inside the price: shown, not added.' },
});
const PROMOTION = obj({ promotionId: 'string', version: INT, code: 'string|optional', name: 'string', amount: MONEY });
const TAX = obj({
  pricesIncludeTax: 'boolean',
  rates: arr(obj({ id: 'string', country: 'string', region: 'string|optional', taxClass: 'string', rateBps: INT })),
});
const LINE_PRICING = obj({
  subtotal: INT,
  discount: INT,
  shipping: INT,
  tax: INT,
  total: INT,
  adjustments: arr(ADJUSTMENT),
});
const ADDRESS = obj({ name: 'string', line1: 'string', city: 'string', postalCode: 'string', country: 'string' });
const STATUS = 'string';
/** Per SKU, derived from the shipments' events: how much shipped and how much was delivered. */
const FULFILMENT = obj({
  status: { type: 'enum', values: ['UNFULFILLED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED'] },
  lines: arr(obj({ sku: 'string', ordered: INT, shipped: INT, delivered: INT })),
});
const ORDER = {
  id: 'string',
  userId: 'string',
  status: STATUS,
  items: arr(
    obj({
      sku: 'string',
      name: 'string',
      quantity: INT,
      unitPrice: MONEY,
      lineTotal: MONEY,
      productId: 'string|optional',
      pricing: optional(LINE_PRICING),
      returned: { type: 'number', integer: true, description: 'Units received back through returns.' },
      refunded: { type: 'number', integer: true, description: 'Units refunded through returns.' },
    }),
  ),
  totals: TOTALS,
  promotions: arr(PROMOTION),
  tax: optional(TAX),
  shippingAddress: ADDRESS,
  billingAddress: optional(ADDRESS),
  payment: obj({ method: { type: 'enum', values: ['saved', 'token'] } }),
  history: arr(obj({ from: 'string|optional', to: 'string', at: TIMESTAMP, reason: 'string|optional' })),
  fulfilment: FULFILMENT,
  // Derived from the lines' returned and requested units, beside the fulfilment status (the order's own status stays).
  // null among the values: a nullable enum's JSON Schema would keep an enum without it.
  returnStatus: { type: 'enum', values: ['RETURN_REQUESTED', 'PARTIALLY_RETURNED', 'RETURNED', null] },
  returns: arr(obj({ id: 'string', rma: 'string', status: { type: 'enum', values: [...RETURN_STATUSES] } })),
  // The shipping quote the order was charged (absent when none was: a shop without shipping zones).
  shipping: optional(
    obj({
      quoteId: 'string',
      methodId: 'string',
      name: 'string',
      carrier: 'string',
      serviceLevel: { type: 'enum', values: ['standard', 'express', 'pickup'] },
      rateVersion: INT,
      price: MONEY,
      estimatedDelivery: obj({ from: TIMESTAMP, to: TIMESTAMP }),
    }),
  ),
  reason: 'string|optional',
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const PLACED = { id: 'string', status: STATUS };
const NOT_NOW = {
  409: 'The order is not in a state that allows this (ORDER_ALREADY_SHIPPED once any of it shipped; ILLEGAL_TRANSITION)',
};

export const ORDERS_RESPONSES = {
  place: {
    status: 202,
    schema: PLACED,
    description: 'Accepted: the checkout saga settles the order (poll GET /api/orders/{id})',
    headers: ['Idempotency-Key'],
    errors: {
      409: 'The cart is empty, already checked out (error.orderId names that order) or being checked out; or its prices changed (PRICING_STALE)',
      422: 'Invalid input, or the Idempotency-Key was used with another body',
    },
    example: { id: 'a291ca73-d5d2-4527-88a2-7b4cb2691474', status: 'PENDING' },
  },
  list: {
    status: 200,
    schema: page(
      obj({ id: 'string', status: STATUS, totals: TOTALS, itemCount: INT, createdAt: TIMESTAMP, updatedAt: TIMESTAMP }),
    ),
  },
  view: { status: 200, schema: ORDER },
  cancel: { status: 202, schema: { ...PLACED, cancellation: 'string' }, errors: NOT_NOW },
} satisfies Record<string, ActionResponse>;
