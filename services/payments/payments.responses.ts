import { arr, MONEY, obj, optional, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the payments service's routes answer (see payments.contract.ts). */
export const PAYMENTS_RESPONSES = {
  reconcileNow: {
    status: 200,
    schema: { checked: 'number|integer', mismatches: arr({ type: 'object' }) },
    example: { checked: 8, mismatches: [] },
  },
  get: {
    status: 200,
    schema: {
      orderId: 'string',
      userId: 'string|optional',
      status: 'string',
      amount: optional(MONEY),
      providerRef: 'string|optional',
      refunded: optional(MONEY),
      createdAt: TIMESTAMP,
      updatedAt: TIMESTAMP,
      transactions: arr(obj({ id: 'string', kind: 'string', outcome: 'string|optional' })),
      refunds: arr(obj({ id: 'string', amount: MONEY, reason: 'string', at: TIMESTAMP, origin: 'string', state: 'string' })),
      audit: arr({ type: 'object' }),
    },
  },
  webhook: {
    status: 200,
    schema: { received: { type: 'equal', value: true }, duplicate: 'boolean', outcome: 'string|optional' },
    headers: ['X-Sandbox-Signature'],
    errors: { 400: 'The X-Sandbox-Signature header is missing or does not match the body' },
  },
} satisfies Record<string, ActionResponse>;
