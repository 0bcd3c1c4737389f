import { arr, INT, MONEY, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the orders service's routes answer (see orders.contract.ts). */
const TOTALS = obj({ currency: 'string', subtotal: INT, discount: INT, tax: INT, shipping: INT, total: INT });
const ADDRESS = obj({ name: 'string', line1: 'string', city: 'string', postalCode: 'string', country: 'string' });
const STATUS = 'string';
const ORDER = {
  id: 'string',
  userId: 'string',
  status: STATUS,
  items: arr(
    obj({ sku: 'string', name: 'string', quantity: INT, unitPrice: MONEY, lineTotal: MONEY, productId: 'string|optional' }),
  ),
  totals: TOTALS,
  shippingAddress: ADDRESS,
  billingAddress: optional(ADDRESS),
  payment: obj({ method: { type: 'enum', values: ['saved', 'token'] } }),
  history: arr(obj({ from: 'string|optional', to: 'string', at: TIMESTAMP, reason: 'string|optional' })),
  reason: 'string|optional',
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const PLACED = { id: 'string', status: STATUS };
const NOT_NOW = { 409: 'The order is not in a state that allows this' };

export const ORDERS_RESPONSES = {
  place: {
    status: 202,
    schema: PLACED,
    description: 'Accepted: the checkout saga settles the order (poll GET /api/orders/{id})',
    headers: ['Idempotency-Key'],
    errors: {
      409: 'The cart is empty, already checked out (error.orderId names that order) or being checked out',
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
  ship: { status: 200, schema: ORDER, errors: NOT_NOW },
  deliver: { status: 200, schema: ORDER, errors: NOT_NOW },
} satisfies Record<string, ActionResponse>;
