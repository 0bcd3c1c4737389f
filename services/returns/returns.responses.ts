import { arr, INT, MONEY, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the returns service's routes answer (see returns.contract.ts). */
const LINE = obj({
  sku: 'string',
  quantity: INT,
  reason: 'string',
  note: 'string|optional',
  received: INT,
  restocked: INT,
  writtenOff: INT,
  missing: INT,
  refunded: INT,
});
const SKU_QUANTITY = obj({ sku: 'string', quantity: INT });
const RETURN = {
  id: 'string',
  rma: 'string',
  orderId: 'string',
  userId: 'string',
  status: 'string',
  resolution: 'string',
  lines: arr(LINE),
  exchangeFor: optional(arr(SKU_QUANTITY)),
  refund: MONEY,
  label: optional(obj({ carrier: 'string', trackingNumber: 'string', url: 'string|optional' })),
  reason: 'string|optional',
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
  version: INT,
};
const RETURN_EXAMPLE = {
  id: '5f0c3a2e-8d4b-4c1a-9e7f-2b6d1a0c9e83',
  rma: 'RMA-000042',
  orderId: '0b7e2c4a-5d1f-4e8a-9c3b-6a2f1e0d9c87',
  userId: 'c0ffee00-1111-4222-8333-444455556666',
  status: 'approved',
  resolution: 'refund',
  lines: [{ sku: 'TEE-M', quantity: 1, reason: 'changed-mind', received: 0, restocked: 0, writtenOff: 0, missing: 0, refunded: 0 }],
  refund: { amount: 0, currency: 'USD' },
  createdAt: 1767225600000,
  updatedAt: 1767225600000,
  version: 1,
};
const RECEIPT = {
  id: 'string',
  returnId: 'string',
  warehouse: 'string|optional',
  lines: arr(obj({ sku: 'string', quantity: INT, condition: 'string' })),
  restock: arr(SKU_QUANTITY),
  writeOff: arr(SKU_QUANTITY),
  refund: arr(SKU_QUANTITY),
  at: TIMESTAMP,
};
const REASON = { id: 'string', label: 'string', active: 'boolean', createdAt: TIMESTAMP };
const POLICY = {
  windowDays: INT,
  allowShipped: 'boolean',
  reasons: arr('string'),
  autoApprove: obj({ enabled: 'boolean', withinDays: optional(INT), below: arr(MONEY), reasons: optional(arr('string')) }),
  refund: obj({ refundShipping: 'string', restockingFeeBps: optional(INT), restockingFeeFlat: optional(INT) }),
  exchangeShip: 'string|optional',
  returnWarehouse: 'string|optional',
  version: INT,
};

const NO_RETURN = { 404: 'No such return (or not the caller\'s)' };

export const RETURNS_RESPONSES = {
  request: {
    status: 201,
    schema: { id: 'string', rma: 'string', status: 'string' },
    example: { id: RETURN_EXAMPLE.id, rma: 'RMA-000042', status: 'approved' },
    errors: { 404: 'No such order of the caller', 422: 'A field the return rules refuse (lines[0].quantity, lines[0].reason, order, resolution, ...)' },
  },
  getReturn: { status: 200, schema: RETURN, example: RETURN_EXAMPLE, errors: NO_RETURN },
  label: {
    status: 200,
    contentType: 'application/pdf',
    schema: { $$root: true, type: 'string' },
    description: "The return parcel's label document (the carrier's type); a label the carrier hosts answers 302 to it",
    errors: { 404: 'No such return (or not the caller\'s), or no label yet' },
  },
  list: { status: 200, schema: page(obj(RETURN)), example: { rows: [RETURN_EXAMPLE], total: 1, page: 1, pageSize: 20 } },
  decide: {
    status: 200,
    schema: RETURN,
    example: RETURN_EXAMPLE,
    errors: { ...NO_RETURN, 409: 'The return is past the decision (RETURN_STATUS_CONFLICT, naming both statuses)' },
  },
  receive: {
    status: 202,
    schema: { receipt: obj(RECEIPT), return: obj(RETURN) },
    errors: {
      ...NO_RETURN,
      409: 'More units than are outstanding (NOTHING_TO_RECEIVE, naming lines[i].quantity), or a return not approved (RETURN_STATUS_CONFLICT)',
    },
  },
  reasons: { status: 200, schema: { rows: arr(obj(REASON)) } },
  reason: { status: 200, schema: REASON, errors: { 404: 'No such reason' } },
  settings: { status: 200, schema: POLICY, errors: { 409: 'Saved by someone else since `version` was read (VERSION_CONFLICT)' } },
} satisfies Record<string, ActionResponse>;
