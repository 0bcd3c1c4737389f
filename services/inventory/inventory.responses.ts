import { arr, INT, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the inventory service's routes answer (see inventory.contract.ts). */
const LEVELS = {
  sku: 'string',
  available: INT,
  warehouses: arr(obj({ warehouse: 'string', onHand: INT, reserved: INT, available: INT })),
};

export const INVENTORY_RESPONSES = {
  levels: {
    status: 200,
    schema: LEVELS,
    example: { sku: 'LAMP-1', available: 3, warehouses: [{ warehouse: 'main', onHand: 4, reserved: 1, available: 3 }] },
  },
  receive: { status: [201, 200], schema: LEVELS, description: '201 when recorded; 200 when this ref was already received' },
  returnUnits: {
    status: 200,
    schema: {
      ref: 'string',
      sku: 'string',
      warehouse: 'string',
      quantity: INT,
      condition: 'string',
      restocked: INT,
      writtenOff: INT,
    },
    description: 'What the ref did; the same answer when the ref is applied again',
    errors: { 422: 'A warehouse that holds no stock at all (`warehouse`)' },
  },
  adjust: {
    status: [201, 200],
    schema: LEVELS,
    description: '201 when recorded; 200 when this adjustment was already made',
    errors: { 404: 'No stock of this SKU in this warehouse', 409: 'The adjustment would take stock below what is reserved' },
  },
  settings: {
    status: 200,
    schema: {
      sku: 'string',
      warehouse: 'string',
      onHand: INT,
      reserved: INT,
      available: INT,
      reorderPoint: optional(INT),
      priority: optional(INT),
    },
  },
  movements: {
    status: 200,
    schema: page(
      obj({
        id: 'string',
        sku: 'string',
        warehouse: 'string',
        onHandDelta: INT,
        reservedDelta: INT,
        reason: 'string',
        ref: 'string|optional',
        at: TIMESTAMP,
        actor: 'string|optional',
      }),
    ),
  },
  getReservation: {
    status: 200,
    schema: {
      orderId: 'string',
      status: 'string',
      lines: arr(obj({ sku: 'string', quantity: INT, allocations: arr(obj({ warehouse: 'string', quantity: INT })) })),
      expiresAt: TIMESTAMP,
      createdAt: TIMESTAMP,
      updatedAt: TIMESTAMP,
    },
  },
} satisfies Record<string, ActionResponse>;
